package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/tgauth"
)

// bindTelegramAuth serves the Telegram Login Widget routes, verified with the login
// bot's token opened by the app's sealer; the widget is offered only for bots on
// Telegram's API.
func bindTelegramAuth(app core.App, svc *Services) {
	tgauth.Register(app, tgauth.Config{Open: svc.Sealer.Open, APIURL: svc.Sealer.APIURL})
}
