package hooks_test

import (
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// Fixture record ids: one target row per collection, fixed so scenarios can name them.
const (
	idOwner      = "owner0000000001"
	idBot        = "bot000000000001"
	idDeletedBot = "bot000000000002"
	idGroup      = "grp000000000001"
	idChannel    = "chn000000000001"
	idChannel2   = "chn000000000002"
	idLink       = "lnk000000000001"
	idConfig     = "cfg000000000001"
	idSecretConf = "cfg00000000secr"
	idStatus     = "sts000000000001"
	idCommand    = "cmd000000000001"
	idVerif      = "vlg000000000001"
	idAPICall    = "api000000000001"
	idLog        = "log000000000001"
	idAudit      = "aud000000000001"
	idTarget     = "usrtarget000001"
	secretValue  = "s3cret-config-value"
)

// Python-made ciphertexts of two fake tokens under testutil.EncryptionKey.
const (
	sealedBot1 = "gAAAAABrBeIugNWAwZu6MC3J_aQWBTDBRgEDW6Zmf16OFyQMWYdajEPQ3x4OGCrP7yVhGa35Y9OZaHDckF5u9MDs7lNCD8ER3UuNqu8mz5_bO19ZQJmFkoB8Quf1LUmTl7-1CdSqrwl4GTAE4LJRtEtStaGqPA9Jrw=="
	sealedBot2 = "gAAAAABrBeIuu0A30EINfJcu2oId2CE4xNUdlbKmDAnmOEbchU0W3MF2SSVBmh-X0di3O4N1c8xUZhBzw__Fg3VQIhmn0XXRN43AQdAt0f9sCfoA8AqSXPDCZoc_ufKcdxZTn-TPB0Qu"
)

// requester roles of the access matrix.
const (
	anonymous = "anonymous"
	viewer    = "viewer"
	admin     = "admin"
	owner     = "owner"
	inactive  = "inactive admin"
	deleted   = "deleted admin"
	superuser = "superuser"
)

var requesters = []string{anonymous, viewer, admin, owner, inactive, deleted, superuser}

// seedFixtures saves one row per collection (plus the requesters) and returns the
// Authorization header value of each requester.
func seedFixtures(tb testing.TB, app core.App) map[string]string {
	tb.Helper()
	now := time.Now().UTC()
	save := func(collection, id string, fields map[string]any) {
		r, err := c.NewRecord(app, collection)
		if err != nil {
			tb.Fatal(err)
		}
		r.Id = id
		for k, v := range fields {
			r.Set(k, v)
		}
		if err := app.Save(r); err != nil {
			tb.Fatalf("fixture %s/%s: %v", collection, id, err)
		}
	}
	save(c.Owners, idOwner, map[string]any{c.FieldUserID: 1001, c.FieldUsername: "alice"})
	save(c.BotInstances, idBot, map[string]any{c.FieldBotID: 123456789, c.FieldBotUsername: "guard_bot",
		c.FieldTokenEncrypted: sealedBot1, c.FieldIsActive: true})
	save(c.BotInstances, idDeletedBot, map[string]any{c.FieldBotID: 987654321, c.FieldBotUsername: "old_bot",
		c.FieldTokenEncrypted: sealedBot2, c.FieldIsDeleted: true, c.FieldDeletedAt: now})
	save(c.ProtectedGroups, idGroup, map[string]any{c.FieldGroupID: -1001, c.FieldTitle: "Group",
		c.FieldOwner: idOwner, c.FieldBotInstance: idBot, c.FieldEnabled: true})
	save(c.EnforcedChannels, idChannel, map[string]any{c.FieldChannelID: -1002, c.FieldTitle: "Channel"})
	save(c.EnforcedChannels, idChannel2, map[string]any{c.FieldChannelID: -1003, c.FieldTitle: "Channel 2"})
	save(c.GroupChannelLinks, idLink, map[string]any{c.FieldGroup: idGroup, c.FieldChannel: idChannel})
	save(c.AdminConfig, idConfig, map[string]any{c.FieldKey: "custom_flag", c.FieldValue: true})
	save(c.AdminConfig, idSecretConf, map[string]any{c.FieldKey: "api_secret", c.FieldValue: secretValue, c.FieldIsSensitive: true})
	save(c.BotStatus, idStatus, map[string]any{c.FieldBotInstance: idBot, c.FieldStatus: c.BotRunning})
	save(c.AdminCommands, idCommand, map[string]any{c.FieldCommandType: "sync_members", c.FieldStatus: c.CommandPending})
	save(c.VerificationLog, idVerif, map[string]any{c.FieldUserID: 5, c.FieldGroupID: -1001, c.FieldChannelID: -1002,
		c.FieldStatus: c.Verified, c.FieldTimestamp: now})
	save(c.APICallLog, idAPICall, map[string]any{c.FieldMethod: "getChatMember", c.FieldSuccess: true, c.FieldTimestamp: now})
	save(c.AdminLogs, idLog, map[string]any{c.FieldLevel: c.LevelInfo, c.FieldLogger: "test", c.FieldMessage: "hello", c.FieldTimestamp: now})
	save(c.AdminAuditLog, idAudit, map[string]any{c.FieldActor: c.ActorSystem, c.FieldAction: c.ActionCreate, c.FieldResourceType: c.Owners})

	target, err := c.NewAdminUser(app, "target@example.com", testutil.Password, c.RoleViewer)
	if err != nil {
		tb.Fatal(err)
	}
	target.Id = idTarget
	if err := app.Save(target); err != nil {
		tb.Fatal(err)
	}

	tokens := map[string]string{anonymous: ""}
	for role, who := range map[string]string{viewer: c.RoleViewer, admin: c.RoleAdmin, owner: c.RoleOwner,
		inactive: c.RoleOwner, deleted: c.RoleOwner} {
		u := testutil.NewAdmin(tb, app, who)
		switch role {
		case inactive:
			u.SetIsActive(false)
		case deleted:
			u.SoftDelete(now)
		}
		if err := app.Save(u); err != nil {
			tb.Fatal(err)
		}
		tokens[role] = testutil.AuthToken(tb, u.Record)
	}
	tokens[superuser] = testutil.SuperuserToken(tb, app)
	return tokens
}

var (
	fixtureOnce     sync.Once
	fixtureTemplate string
	fixtureTokens   map[string]string
)

// fixtureOptions returns test app options that start from the seeded fixtures (made once
// per test binary) talking to apiURL, and the requesters' Authorization headers.
func fixtureOptions(tb testing.TB, apiURL string) (testutil.Options, map[string]string) {
	tb.Helper()
	fixtureOnce.Do(func() {
		fixtureTemplate = testutil.Seeded(tb, func(app *tests.TestApp) { fixtureTokens = seedFixtures(tb, app) })
	})
	if fixtureTemplate == "" {
		tb.Fatal("fixture template failed in an earlier test")
	}
	return testutil.Options{APIURL: apiURL, Template: fixtureTemplate}, fixtureTokens
}
