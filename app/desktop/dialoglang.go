package desktop

import (
	"os"

	"dossier/app/service"
)

// dialogLanguage makes the toolkit's own dialogs on Linux (open, save, print: their buttons,
// places and columns) speak the language chosen in Settings rather than the system's. GTK
// translates them through gettext, which takes LANGUAGE before the locale's language (unless
// the locale is C, where it translates nothing). Called before the window starts and before
// each dialog, so a language switched in Settings reaches the next dialog. Windows and macOS
// draw their own dialogs in the system's language.
//
// C's setenv may move the environment while another thread reads it, so the variable is
// made once, before GTK's threads start (starting), and only replaced after: with no
// language chosen yet it is kept as the system had it, or made empty, which gettext ignores.
func dialogLanguage(dataDir string, starting bool) {
	lang, chosen := service.ChosenLanguage(dataDir)
	_, present := os.LookupEnv("LANGUAGE")
	switch {
	case chosen && (starting || present):
		os.Setenv("LANGUAGE", lang)
	case starting && !present:
		os.Setenv("LANGUAGE", "")
	}
}
