package service

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"dossier/app/domain"
	"dossier/app/files"
	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/store"
)

// Files are the attachments of records: their bytes in the data directory by SHA-256
// (app/files), their description in each record's "attachments" set (docs/storage.md,
// "Files"). The window and the command line pass paths; browser mode passes bytes.
type Files struct{ App *App }

// AttachmentView is one attachment of a record, and whether its bytes are here: a file
// added elsewhere whose bytes no bundle has brought yet (never sent, or left out by a
// limit) is "not yet received".
type AttachmentView struct {
	domain.Attachment
	AddedByName string `json:"added_by_name"`
	Received    bool   `json:"received"`
	// Openable: the window may hand it to the system's default application (Openable);
	// otherwise it offers to save a copy.
	Openable bool `json:"openable"`
}

// AttachmentsView lists a record's attachments, oldest first, with the limit on one file.
type AttachmentsView struct {
	Record   string           `json:"record"`
	Files    []AttachmentView `json:"files"`
	MaxBytes int64            `json:"max_bytes"`
}

// FileData is an attachment's bytes with its name and media type (browser downloads).
type FileData struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Data []byte `json:"data"`
}

func (f *Files) store() *files.Store { return files.Open(f.App.DataDir) }

// filesMu orders storing bytes and referring to them against sweeping: without it a sweep
// between an attach's write and its change could remove the bytes just written.
var filesMu sync.Mutex

// attachments reads a record's attachments as they stand.
func attachments(rec *oplog.Record) []domain.Attachment {
	var out []domain.Attachment
	_ = json.Unmarshal(rec.Value(domain.FieldAttachments), &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].AddedAt < out[j].AddedAt })
	return out
}

// List returns the attachments of a record.
func (f *Files) List(id string) (*AttachmentsView, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	rec, err := f.App.Store.Get(id)
	if err != nil {
		return nil, AsError(err)
	}
	lim, err := (&Settings{App: f.App}).FileLimits()
	if err != nil {
		return nil, err
	}
	ts, err := loadTrust(f.App)
	if err != nil {
		return nil, AsError(err)
	}
	s := &Sync{App: f.App}
	v := &AttachmentsView{Record: id, Files: []AttachmentView{}, MaxBytes: lim.PerFile}
	fs := f.store()
	for _, a := range attachments(rec) {
		// The size shown is that of the bytes held, which their SHA-256 vouches for: the size
		// the change declares is a trusted author's word, and a file of 500 MB must not pass
		// for one of 2 KB. Until the bytes come, the declared size is all there is.
		size, err := fs.Size(a.SHA256)
		if err == nil {
			a.Size = size
		}
		v.Files = append(v.Files, AttachmentView{Attachment: a, AddedByName: s.nameOf(a.AddedBy, ts), Received: err == nil, Openable: Openable(a.Name)})
	}
	return v, nil
}

// Attach adds the file at path to a record (the window, after its file dialog; the command
// line). mediaType "" guesses it from the name.
func (f *Files) Attach(id string, path Path, mediaType string) (*AttachmentsView, error) {
	in, err := os.Open(path)
	if err != nil {
		return nil, pathRefusal("file", path, openProblem(path, err), err)
	}
	defer in.Close()
	// A folder opens, and fails only when read.
	if fi, err := in.Stat(); err == nil && fi.IsDir() {
		return nil, pathRefusal("file", path, domain.P("file_is_folder", "path", path), nil)
	}
	return f.attach(id, filepath.Base(path), mediaType, in)
}

// AttachData adds a file given as bytes to a record (browser mode).
func (f *Files) AttachData(id, name, mediaType string, data []byte) (*AttachmentsView, error) {
	return f.attach(id, name, mediaType, bytes.NewReader(data))
}

func (f *Files) attach(id, name, mediaType string, r io.Reader) (*AttachmentsView, error) {
	if f.App.Identity == nil {
		return nil, AsError(identity.ErrNoIdentity)
	}
	rid, rec, err := (&Records{App: f.App}).editable(id)
	if err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if !domain.IsFileName(name) {
		return nil, InvalidP("file", domain.P("file_name", "value", name))
	}
	if mediaType == "" {
		mediaType = mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))
		if mediaType == "" {
			mediaType = "application/octet-stream"
		}
	}
	lim, err := (&Settings{App: f.App}).FileLimits()
	if err != nil {
		return nil, err
	}
	filesMu.Lock()
	defer filesMu.Unlock()
	sum, size, err := f.store().Put(r, lim.PerFile)
	var tb *files.TooBigError
	if errors.As(err, &tb) {
		return nil, InvalidP("file", domain.P("file_too_big", "name", name, "limit", sizeText(tb.Limit), "limit_bytes", strconv.FormatInt(tb.Limit, 10)))
	}
	if err != nil {
		return nil, AsError(fmt.Errorf("store the file: %w", err))
	}
	for _, a := range attachments(rec) {
		if a.SHA256 == sum {
			return nil, InvalidP("file", domain.P("file_already_attached", "name", name, "as", a.Name))
		}
	}
	a := domain.Attachment{Name: name, Type: mediaType, Size: size, SHA256: sum, AddedBy: f.App.Identity.KeyID(),
		AddedAt: time.Now().UTC().Format("2006-01-02T15:04:05Z")}
	raw, _ := json.Marshal(a)
	if _, err := (&Records{App: f.App}).AddTo(rid, domain.FieldAttachments, raw); err != nil {
		f.sweepOne(sum) // the file stored above is referred to by nothing
		return nil, err
	}
	return f.List(rid)
}

// Detach removes an attachment from a record (an operation like any other) and reclaims its
// bytes when no record refers to them any more.
func (f *Files) Detach(id, sha string) (*AttachmentsView, error) {
	sha = strings.ToLower(strings.TrimSpace(sha))
	rid, rec, err := (&Records{App: f.App}).editable(id)
	if err != nil {
		return nil, err
	}
	var el json.RawMessage
	var have []json.RawMessage
	_ = json.Unmarshal(rec.Value(domain.FieldAttachments), &have)
	for _, h := range have {
		var a domain.Attachment
		if json.Unmarshal(h, &a) == nil && a.SHA256 == sha {
			el = h
		}
	}
	if el == nil {
		return nil, &Error{Code: CodeNotFound, Message: fmt.Sprintf("record %s has no attachment %s", rid, sha)}
	}
	filesMu.Lock()
	defer filesMu.Unlock()
	if _, err := (&Records{App: f.App}).RemoveFrom(rid, domain.FieldAttachments, el); err != nil {
		return nil, err
	}
	f.sweepOne(sha)
	return f.List(rid)
}

// find returns a record's attachment with the SHA-256 sha.
func (f *Files) find(id, sha string) (domain.Attachment, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	rec, err := f.App.Store.Get(id)
	if err != nil {
		return domain.Attachment{}, AsError(err)
	}
	for _, a := range attachments(rec) {
		if a.SHA256 == strings.ToLower(strings.TrimSpace(sha)) {
			return a, nil
		}
	}
	return domain.Attachment{}, &Error{Code: CodeNotFound, Message: fmt.Sprintf("record %s has no attachment %s", id, sha)}
}

// Data returns an attachment's bytes (browser mode downloads them).
func (f *Files) Data(id, sha string) (*FileData, error) {
	a, err := f.find(id, sha)
	if err != nil {
		return nil, err
	}
	b, err := f.store().Read(a.SHA256)
	if errors.Is(err, files.ErrNotHeld) {
		return nil, notReceived(a)
	}
	if err != nil {
		return nil, AsError(err)
	}
	return &FileData{Name: FitName(a.Name), Type: a.Type, Data: b}, nil
}

// SaveTo writes an attachment's bytes to out (the command line; the window's save dialog).
func (f *Files) SaveTo(id, sha string, out Path) (*AttachmentView, error) {
	a, err := f.find(id, sha)
	if err != nil {
		return nil, err
	}
	if !f.store().Has(a.SHA256) {
		return nil, notReceived(a)
	}
	// Hashed on the way out: bytes changed on disk are never written as the attachment.
	err = f.App.writeFileAt("out", out, 0o600, func(w io.Writer) error { return f.store().WriteTo(a.SHA256, w) })
	var de *files.DamagedError
	switch {
	case errors.Is(err, files.ErrNotHeld):
		return nil, notReceived(a)
	case errors.As(err, &de):
		return nil, AsError(fmt.Errorf("%s: %w", a.Name, err))
	case err != nil:
		return nil, AsError(err)
	}
	if size, err := f.store().Size(a.SHA256); err == nil {
		a.Size = size // the bytes written, as List shows them
	}
	return &AttachmentView{Attachment: a, Received: true, Openable: Openable(a.Name)}, nil
}

// OpenCopy writes an attachment to a fresh temporary directory under its own name and
// returns that path, for the window to open with the system's default application. The
// copies of a day before are removed then (opencopy.go).
func (f *Files) OpenCopy(id, sha string) (Path, error) {
	a, err := f.find(id, sha)
	if err != nil {
		return "", err
	}
	if !Openable(a.Name) {
		return "", InvalidP("file", domain.P("file_not_openable", "name", a.Name))
	}
	dir, err := openCopyDir(openCopyRoot(), time.Now())
	if err != nil {
		return "", AsError(err)
	}
	p := filepath.Join(dir, FitName(a.Name)) // an attachment's name may be 255 letters, not bytes
	if _, err := f.SaveTo(id, sha, p); err != nil {
		return "", err
	}
	return p, nil
}

// openableTypes are the file name endings the window hands to the system's default
// application: documents, sheets, slides, text and pictures. A file comes from a bundle, so
// from someone else's laptop; a program, script or shortcut "opened" there would run, so
// anything else can only be saved, and opened by the user who chooses to (docs/trust.md).
var openableTypes = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".odt": true, ".rtf": true, ".txt": true, ".md": true,
	".xls": true, ".xlsx": true, ".ods": true, ".csv": true, ".ppt": true, ".pptx": true, ".odp": true,
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".tif": true, ".tiff": true,
}

// Openable says whether a file named name may be opened with the default application.
func Openable(name string) bool { return openableTypes[strings.ToLower(filepath.Ext(name))] }

func notReceived(a domain.Attachment) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf("%s has not been received yet: its bytes come with a bundle from %s", a.Name, a.AddedBy)}
}

// Referenced is every SHA-256 that some record (deleted ones too: they can be restored)
// refers to.
func (f *Files) Referenced() (map[string]bool, error) {
	keep := map[string]bool{}
	err := f.App.Store.EachRecord(func(rec *oplog.Record) error {
		for _, a := range attachments(rec) {
			keep[a.SHA256] = true
		}
		return nil
	})
	return keep, err
}

// Sweep removes the bytes of files no record refers to (after a removal, and in `check`).
func (f *Files) Sweep() (files.Swept, error) {
	filesMu.Lock()
	defer filesMu.Unlock()
	keep, err := f.Referenced()
	if err != nil {
		return files.Swept{}, AsError(err)
	}
	sw, err := f.store().Sweep(keep)
	return sw, AsErrorOrNil(err)
}

// checkHeld hashes every file the records refer to and holds: a damaged copy (its bytes
// changed on disk) is removed, so that the file shows as not yet received and the next bundle
// that carries it stores it again (a held file is never stored twice); each is a problem.
func (f *Files) checkHeld() []string {
	filesMu.Lock()
	defer filesMu.Unlock()
	refs, err := f.Referenced()
	if err != nil {
		return []string{"the files of attachments could not be checked: " + err.Error()}
	}
	var out []string
	for _, sum := range slices.Sorted(maps.Keys(refs)) {
		var de *files.DamagedError
		switch err := f.store().Verify(sum); {
		case err == nil, errors.Is(err, files.ErrNotHeld):
		case errors.As(err, &de) && !f.App.Store.ReadOnly():
			if rerr := f.store().Remove(sum); rerr != nil {
				out = append(out, fmt.Sprintf("the stored copy of file %s is damaged (its bytes now have SHA-256 %s) and could not be removed: %v", sum, de.Got, rerr))
				continue
			}
			out = append(out, fmt.Sprintf("the stored copy of file %s was damaged (its bytes had SHA-256 %s) and was removed: it shows as not yet received until a bundle that carries it is imported again", sum, de.Got))
		default:
			out = append(out, "file "+sum+": "+err.Error())
		}
	}
	return out
}

// sweepOne removes the bytes of sha if no record refers to them. A failure only leaves bytes
// for the next sweep.
func (f *Files) sweepOne(sha string) {
	keep, err := f.Referenced()
	if err != nil || keep[sha] {
		return
	}
	if err := f.store().Remove(sha); err != nil {
		return
	}
}

// sizeText is a size for people: "25 MB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// FileReport is one file an export carried or left out.
type FileReport struct {
	SHA256 string `json:"sha256"`
	Name   string `json:"name"`
	Record string `json:"record"`
	Bytes  int64  `json:"bytes"`
	// Reason a file was left out: "not_held" (its bytes never reached this installation),
	// "per_file" or "per_bundle" (a limit), "recipient_format" (a recipient's Dossier reads no
	// bundle that carries files).
	Reason string `json:"reason,omitempty"`
	// owed: chosen only as owed to some recipient (no exported change attaches it), so left
	// out it stays owed to those it was owed to, not to the others.
	owed bool
}

// filesToCarry chooses the files an export carries: those that the exported changes attach
// (a recipient that lacks the change lacks its file), then those owed to its recipients (left
// out of an earlier bundle for them) that a record still refers to, when they are held here
// and within the limits. Over a limit, the export is refused, naming the file and the limit,
// unless leaveOut: then the file is left out and listed, and its recipients see it as not yet
// received. canCarry false (a recipient reads no format that carries files) leaves every
// file out.
func (f *Files) filesToCarry(runs []bundleRun, owed []store.OwedFile, canCarry, leaveOut bool) (carry []FileReport, left []FileReport, err error) {
	lim, err := (&Settings{App: f.App}).FileLimits()
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	var want []FileReport
	for _, r := range runs {
		for _, op := range r.ops {
			for _, raw := range op.Add[domain.FieldAttachments] {
				var a domain.Attachment
				if json.Unmarshal(raw, &a) != nil || seen[a.SHA256] {
					continue
				}
				seen[a.SHA256] = true
				want = append(want, FileReport{SHA256: a.SHA256, Name: a.Name, Record: op.Record, Bytes: a.Size})
			}
		}
	}
	if len(owed) > 0 {
		keep, err := f.Referenced()
		if err != nil {
			return nil, nil, AsError(err)
		}
		for _, o := range owed {
			if !seen[o.SHA256] && keep[o.SHA256] {
				seen[o.SHA256] = true
				want = append(want, FileReport{SHA256: o.SHA256, Name: o.Name, Record: o.Record, owed: true})
			}
		}
	}
	fs := f.store()
	total := int64(0)
	for _, fr := range want {
		size, serr := fs.Size(fr.SHA256)
		switch {
		case serr != nil:
			fr.Reason = "not_held"
		case !canCarry:
			fr.Reason = "recipient_format"
		case size > lim.PerFile:
			fr.Reason = "per_file"
			if !leaveOut {
				return nil, nil, InvalidP("files", domain.P("bundle_file_too_big", "name", fr.Name, "size", sizeText(size), "size_bytes", strconv.FormatInt(size, 10), "limit", sizeText(lim.PerFile), "limit_bytes", strconv.FormatInt(lim.PerFile, 10)))
			}
		case total+size > lim.PerBundle:
			fr.Reason = "per_bundle"
			if !leaveOut {
				return nil, nil, InvalidP("files", domain.P("bundle_files_too_big", "name", fr.Name, "limit", sizeText(lim.PerBundle), "limit_bytes", strconv.FormatInt(lim.PerBundle, 10)))
			}
		}
		if fr.Reason != "" {
			if fr.Bytes == 0 && serr == nil {
				fr.Bytes = size
			}
			left = append(left, fr)
			continue
		}
		fr.Bytes = size
		total += size
		carry = append(carry, fr)
	}
	return carry, left, nil
}

// bundleRun is what filesToCarry reads of a run: its operations.
type bundleRun struct{ ops []*oplog.Op }

// storeReceived keeps the files a bundle carried that some record refers to, each verified
// against its SHA-256 as it is written (Open verified them already; an encrypted bundle's
// chunks are authenticated again as they are read). It runs after the changes are imported:
// a file that cannot be kept stays "not yet received", and importing the bundle again
// brings it.
func (f *Files) storeReceived(n int, name func(i int) string, size func(i int) int64, read func(i int) io.Reader) (kept int, err error) {
	if n == 0 {
		return 0, nil
	}
	filesMu.Lock()
	defer filesMu.Unlock()
	keep, err := f.Referenced()
	if err != nil {
		return 0, err
	}
	fs := f.store()
	for i := 0; i < n; i++ {
		sum := name(i)
		if !keep[sum] || fs.Has(sum) {
			continue
		}
		// The store's room first: a file that ate it would leave the records unwritable.
		if err := f.App.Store.RoomFor(size(i), "keeping a file of "+store.MiB(size(i))+" that the bundle carries"); err != nil {
			return kept, err
		}
		if _, err := fs.PutVerified(sum, read(i), 0); err != nil {
			return kept, err
		}
		kept++
	}
	return kept, nil
}
