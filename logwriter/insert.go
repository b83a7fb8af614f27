package logwriter

import (
	"context"
	"database/sql"
	"strings"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// table describes how one kind of row becomes INSERT parameters.
type table struct {
	name    string
	columns []string
}

var (
	verificationTable = table{c.VerificationLog, []string{c.FieldID, c.FieldUserID, c.FieldGroupID, c.FieldChannelID,
		c.FieldBotInstance, c.FieldStatus, c.FieldLatencyMS, c.FieldCached, c.FieldErrorType, c.FieldTimestamp}}
	apiCallTable = table{c.APICallLog, []string{c.FieldID, c.FieldMethod, c.FieldChatID, c.FieldUserID,
		c.FieldBotInstance, c.FieldSuccess, c.FieldLatencyMS, c.FieldErrorType, c.FieldTimestamp}}
	adminLogTable = table{c.AdminLogs, []string{c.FieldID, c.FieldTimestamp, c.FieldLevel, c.FieldLogger,
		c.FieldMessage, c.FieldModule, c.FieldFunction, c.FieldLineNo, c.FieldPath}}
	gateEventTable = table{c.GateEvents, []string{c.FieldID, c.FieldBotID, c.FieldGroupID, c.FieldUserID,
		c.FieldKind, c.FieldTimestamp}}
)

// insertSQL returns the single-row "INSERT INTO t (cols) VALUES (?,…)".
func (t table) insertSQL() string {
	return "INSERT INTO `" + t.name + "` (`" + strings.Join(t.columns, "`, `") + "`) VALUES (" +
		strings.TrimSuffix(strings.Repeat("?,", len(t.columns)), ",") + ")"
}

func ts(t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	return c.DBTime(t)
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// insertBatch writes every row of b in one transaction.
func insertBatch(ctx context.Context, db *sql.DB, b *Batch, args []any) ([]any, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return args, err
	}
	args, err = insertAll(ctx, tx, verificationTable, len(b.Verifications), args, func(i int, a []any) []any {
		v := &b.Verifications[i]
		return append(a, v.ID, v.UserID, v.GroupID, v.ChannelID, v.BotID, v.Status, v.LatencyMS,
			boolInt(v.Cached), v.ErrorType, ts(v.At))
	})
	if err == nil {
		args, err = insertAll(ctx, tx, apiCallTable, len(b.APICalls), args, func(i int, a []any) []any {
			v := &b.APICalls[i]
			return append(a, v.ID, v.Method, v.ChatID, v.UserID, v.BotID, boolInt(v.Success), v.LatencyMS,
				v.ErrorType, ts(v.At))
		})
	}
	if err == nil {
		args, err = insertAll(ctx, tx, adminLogTable, len(b.AdminLogs), args, func(i int, a []any) []any {
			v := &b.AdminLogs[i]
			return append(a, v.ID, ts(v.At), v.Level, v.Logger, v.Message, v.Module, v.Function, v.LineNo, v.Path)
		})
	}
	if err == nil {
		args, err = insertAll(ctx, tx, gateEventTable, len(b.GateEvents), args, func(i int, a []any) []any {
			v := &b.GateEvents[i]
			return append(a, v.ID, v.BotID, v.GroupID, v.UserID, v.Kind, ts(v.At))
		})
	}
	if err != nil {
		tx.Rollback()
		return args, err
	}
	return args, tx.Commit()
}

// insertAll inserts n rows of t with one prepared statement (faster in SQLite than
// multi-row statements, which cost a large parse and allocation per transaction).
func insertAll(ctx context.Context, tx *sql.Tx, t table, n int, args []any, row func(int, []any) []any) ([]any, error) {
	if n == 0 {
		return args, nil
	}
	st, err := tx.PrepareContext(ctx, t.insertSQL())
	if err != nil {
		return args, err
	}
	defer st.Close()
	for i := 0; i < n; i++ {
		args = row(i, args[:0])
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return args, err
		}
	}
	return args, nil
}
