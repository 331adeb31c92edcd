package desktop

import (
	"net/http"

	"dossier/app/web"
)

// secured gives every page and file of the window browser mode's Content-Security-Policy.
// The window had none: it shows what anyone's bundle holds, and its page can call every
// binding, paths and opening files included, so text that ever reached the page as markup
// could have run as a script there. Scripts come only from the app's own files (Wails's
// runtime is one of them), and the Go side's calls into the page are the webview's own.
func secured(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", web.ContentSecurityPolicy)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}
