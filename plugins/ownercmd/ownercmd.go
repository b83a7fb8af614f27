// Package ownercmd gets a new install's first owner into the dashboard: the
// `nezuko owner create EMAIL PASSWORD` subcommand, and a start-up line that names the
// dashboard's URL next to PocketBase's banner (which calls the admin UI "Dashboard").
//
//	app.RootCmd.AddCommand(ownercmd.Command(app))
//	ownercmd.PrintDashboardURL(app, os.Stdout)
package ownercmd

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/spf13/cobra"

	c "github.com/nezuko/nezuko/collections"
)

// Command is `nezuko owner create EMAIL PASSWORD`.
func Command(app core.App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "owner",
		Short: "Manage dashboard owners (admin_users with role owner)",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "create EMAIL PASSWORD",
		Short: "Create a dashboard owner, or make an existing admin user an active owner with this password",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			created, err := Upsert(app, args[0], args[1])
			if err != nil {
				return err
			}
			verb := "updated"
			if created {
				verb = "created"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Owner %s %s: sign in to the dashboard at / with this email and password.\n", args[0], verb)
			return nil
		},
	})
	return cmd
}

// Upsert makes email an active owner of admin_users with password: a new record, or the
// existing one (deleted or not) given the owner role, the password and is_active again.
// It reports whether the record is new. Bad input (an invalid email, a password under
// PocketBase's minimum) comes back as PocketBase's validation error.
func Upsert(app core.App, email, password string) (bool, error) {
	email = strings.TrimSpace(email)
	if email == "" || password == "" {
		return false, errors.New("owner create: an email and a password are required")
	}
	rec, err := app.FindAuthRecordByEmail(c.AdminUsers, email)
	if err != nil {
		u, err := c.NewAdminUser(app, email, password, c.RoleOwner)
		if err != nil {
			return false, err
		}
		if err := app.Save(u); err != nil {
			return false, fmt.Errorf("owner create %s: %w", email, err)
		}
		return true, nil
	}
	u := &c.AdminUser{}
	u.SetProxyRecord(rec)
	u.SetPassword(password)
	u.SetRole(c.RoleOwner)
	u.SetIsActive(true)
	u.Set(c.FieldIsDeleted, false)
	u.Set(c.FieldDeletedAt, "")
	if err := app.Save(u); err != nil {
		return false, fmt.Errorf("owner update %s: %w", email, err)
	}
	return false, nil
}

// PrintDashboardURL writes, when the server starts, where the Nezuko dashboard is and
// how to sign in to it; PocketBase's own banner follows and names the admin UI.
func PrintDashboardURL(app core.App, out io.Writer) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(e *core.ServeEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			fmt.Fprintf(out, "Nezuko dashboard: %s/  (sign in as a dashboard owner or a PocketBase superuser;\n"+
				"  first owner: ./nezuko owner create EMAIL PASSWORD)\n", BaseURL(e.Server.Addr))
			return nil
		},
		Priority: 1000, // after the other handlers: the listener exists
	})
}

// BaseURL is the address a browser on this machine opens for a listen address
// ("0.0.0.0:8090" or ":8090" → http://127.0.0.1:8090; port 443, as `serve --https`
// listens, → https).
func BaseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	scheme := "http"
	if port == "443" {
		scheme = "https"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}
