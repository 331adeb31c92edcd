package cli

import (
	"context"
	"flag"
	"fmt"
	"os/signal"
	"syscall"

	"dossier/app/service/registry"
	"dossier/app/web"
)

func init() {
	register(&command{name: "serve", usage: "[--addr 127.0.0.1:PORT]",
		summary: "browser mode: serve the app on this computer only (loopback) with a per-run token, until Ctrl+C",
		flags: func(fs *flag.FlagSet, c *ctx) {
			c.strFlag("addr", "127.0.0.1:0", "loopback address to listen on (port 0: any free port)")
		}, run: runServe})
}

func runServe(env *Env, c *ctx) error {
	if err := needArgs(c, 0, "no arguments"); err != nil {
		return err
	}
	ln, err := web.Listen(c.s("addr"))
	if err != nil {
		return usagef("%v", err)
	}
	defer ln.Close()
	app, err := c.open()
	if err != nil {
		return err
	}
	token, err := web.NewToken()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(env.Stdout, "Dossier is serving on %s\n", web.URL(ln, token))
	fmt.Fprintf(env.Stdout, "Data: %s. Press Ctrl+C to stop.\n", app.DataDir)
	err = web.Serve(ctx, ln, web.New(registry.New(app, registry.Browser), env.Assets, token, ln.Addr().String()))
	fmt.Fprintln(env.Stdout, "Dossier stopped.")
	return err
}
