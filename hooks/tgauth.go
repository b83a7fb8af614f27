package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/tgauth"
)

// bindTelegramAuth serves the Telegram Login Widget routes, verified with the login
// bot's token opened by the app's sealer; noWidget (the demo's fake bots) keeps the
// sign-in page from offering the widget.
func bindTelegramAuth(app core.App, svc *Services, noWidget bool) {
	tgauth.Register(app, tgauth.Config{Open: svc.Sealer.Open, NoWidget: noWidget})
}
