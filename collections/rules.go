package collections

import "github.com/pocketbase/pocketbase/core"

// API rule expressions (DESIGN.md §2). PocketBase superusers bypass every rule;
// a nil rule means "superusers only".
const (
	// RuleActiveAdmin matches an authenticated, active, not deleted admin user of any role.
	RuleActiveAdmin = "@request.auth.collectionName = '" + AdminUsers + "'" +
		" && @request.auth." + FieldIsActive + " = true" +
		" && @request.auth." + FieldIsDeleted + " = false"

	// RuleWriter matches an active admin user with role admin or owner.
	RuleWriter = RuleActiveAdmin +
		" && (@request.auth." + FieldRole + " = '" + RoleAdmin + "' || @request.auth." + FieldRole + " = '" + RoleOwner + "')"

	// RuleOwner matches an active admin user with role owner.
	RuleOwner = RuleActiveAdmin + " && @request.auth." + FieldRole + " = '" + RoleOwner + "'"

	// ruleNotDeleted hides soft-deleted rows.
	ruleNotDeleted = FieldIsDeleted + " = false"

	// ruleNoSoftDeleteFields refuses bodies that try to set the soft-delete markers.
	ruleNoSoftDeleteFields = "@request.body." + FieldIsDeleted + ":isset = false" +
		" && @request.body." + FieldDeletedAt + ":isset = false"
)

// notTrustKeyOf is a rule condition: the operand (a field or body path) names none of
// ConfigTrustKeys.
func notTrustKeyOf(operand string) string {
	cond := ""
	for i, k := range ConfigTrustKeys {
		if i > 0 {
			cond += " && "
		}
		cond += operand + " != '" + k + "'"
	}
	return "(" + cond + ")"
}

// Rules is the set of API rules of one collection.
type Rules struct {
	List, View, Create, Update, Delete *string
}

func rule(s string) *string { return &s }

// RulesFor returns the API rules of the named collection.
func RulesFor(name string) Rules {
	read := rule(RuleActiveAdmin)
	write := rule(RuleWriter)
	switch name {
	case Owners, ProtectedGroups, EnforcedChannels, GroupChannelLinks:
		return Rules{List: read, View: read, Create: write, Update: write, Delete: write}
	case BotInstances:
		// Bots are added through manage-bot (the token field is hidden, so only
		// superusers can set it over REST); admins activate, rename and delete them.
		visible := rule(RuleActiveAdmin + " && " + ruleNotDeleted)
		return Rules{
			List: visible, View: visible,
			Update: rule(RuleWriter + " && " + ruleNotDeleted + " && " + ruleNoSoftDeleteFields +
				" && @request.body." + FieldBotID + ":isset = false"),
			Delete: rule(RuleWriter + " && " + ruleNotDeleted),
		}
	case AdminUsers:
		visible := rule(RuleActiveAdmin + " && " + ruleNotDeleted)
		// An admin user may change their own name and password; the rest is the owner's.
		self := "(" + RuleActiveAdmin + " && @request.auth.id = id" +
			" && @request.body." + FieldRole + ":isset = false" +
			" && @request.body." + FieldIsActive + ":isset = false" +
			" && @request.body." + FieldTelegramID + ":isset = false" +
			" && @request.body." + FieldEmail + ":isset = false" +
			" && " + ruleNoSoftDeleteFields + ")"
		return Rules{
			List: visible, View: visible,
			Create: rule(RuleOwner),
			Update: rule(ruleNotDeleted + " && (" + "(" + RuleOwner + " && " + ruleNoSoftDeleteFields + ") || " + self + ")"),
			Delete: rule(RuleOwner + " && " + ruleNotDeleted),
		}
	case AdminConfig:
		// Admins may not touch sensitive entries nor the trust keys (ConfigTrustKeys),
		// neither the row nor a body that names one.
		notSensitiveBody := "(@request.body." + FieldIsSensitive + ":isset = false || @request.body." + FieldIsSensitive + " = false)"
		bodyKeyOK := "(@request.body." + FieldKey + ":isset = false || " + notTrustKeyOf("@request.body."+FieldKey) + ")"
		return Rules{
			List: read, View: read,
			Create: rule("(" + RuleOwner + ") || (" + RuleWriter + " && " + notSensitiveBody + " && " + notTrustKeyOf("@request.body."+FieldKey) + ")"),
			Update: rule("(" + RuleOwner + ") || (" + RuleWriter + " && " + FieldIsSensitive + " = false && " + notSensitiveBody +
				" && " + notTrustKeyOf(FieldKey) + " && " + bodyKeyOK + ")"),
			Delete: rule("(" + RuleOwner + ") || (" + RuleWriter + " && " + FieldIsSensitive + " = false && " + notTrustKeyOf(FieldKey) + ")"),
		}
	case AdminCommands:
		// Only the command worker moves a command on, so nobody updates or deletes over REST.
		return Rules{List: read, View: read, Create: write}
	case BotStatus, VerificationLog, APICallLog, AdminLogs, AdminAuditLog:
		// Written by the server only.
		return Rules{List: read, View: read}
	}
	return Rules{}
}

// AuthRule is the extra condition an admin user must meet to sign in at all.
const AuthRule = FieldIsActive + " = true && " + ruleNotDeleted

// ServerOwnedFields are the fields of a collection that API writes by anyone but
// superusers leave as they were: Telegram fills a bot's identity (getMe, when the token
// is added or changed), the server stamps last_login, and every admin's email stays
// visible to the other admins.
func ServerOwnedFields(name string) []string {
	switch name {
	case BotInstances:
		return []string{FieldBotID, FieldBotUsername, FieldBotName}
	case AdminUsers:
		return []string{FieldLastLogin, core.FieldNameEmailVisibility}
	}
	return nil
}
