/* The PDF loader's per-word loop in C: words with boxes from PDFium's character boxes,
 * grouped into visual lines, and the lines' Fragment objects.
 *
 * The exact C translation of the pure-Python code in gongkai/read/pdf.py (`_split_words`,
 * `_text_rotation`, `_upright_words`, `_turned_words`, `_from_ends`, `_split_by_chars`,
 * `_visual_lines`) and of the fragment building in `_document_lines`: the same word splitting,
 * the same double arithmetic in the same order, the same comparisons (Python's min/max keep
 * the first of equal values), the same stable sorts. tests/test_read_pdf_native.py checks
 * that both give identical results.
 *
 * No PDFium header or library is needed to build it: the loader passes the addresses of the
 * two PDFium functions it calls (taken from pypdfium2's ctypes binding) and the raw text-page
 * handle. The GIL is held throughout: each PDFium call takes well under a microsecond.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>

#define SAME_LINE 0.5 /* pdf._SAME_LINE */
#define GAP 1.0       /* pdf._GAP */

typedef struct {
    float left, top, right, bottom; /* PDFium's FS_RECTF */
} RectF;

typedef int (*CharBoxFn)(void *textpage, int index, RectF *rect);
typedef float (*CharAngleFn)(void *textpage, int index);

typedef struct {
    double x0, top, x1, bottom;
} Box;

typedef struct {
    Py_ssize_t start, end; /* the word is text[start:end] */
    double x0, top, x1, bottom, centre2;
} Word;

typedef struct {
    double key;
    Py_ssize_t index;
} SortItem;

typedef struct {
    CharBoxFn char_box;
    void *textpage;
    int rotation;
    double left, bottom, right, top; /* the page box (pdf._Frame) */
    Word *words;
    Py_ssize_t count, capacity;
} Page;

/* ------------------------------------------------------------------ Python's min and max */

static inline double py_min(double a, double b) { return b < a ? b : a; }
static inline double py_max(double a, double b) { return b > a ? b : a; }

/* ------------------------------------------------------------------ words */

static int
push(Page *p, Py_ssize_t start, Py_ssize_t end, double x0, double top, double x1, double bottom)
{
    if (p->count == p->capacity) {
        Py_ssize_t capacity = p->capacity ? 2 * p->capacity : 256;
        Word *words = PyMem_Realloc(p->words, (size_t)capacity * sizeof(Word));
        if (words == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        p->words = words;
        p->capacity = capacity;
    }
    Word *w = &p->words[p->count++];
    w->start = start;
    w->end = end;
    w->x0 = x0;
    w->top = top;
    w->x1 = x1;
    w->bottom = bottom;
    w->centre2 = top + bottom;
    return 0;
}

/* pdf._Frame.box: a user-space rectangle in reading space. */
static inline Box
frame_box(const Page *p, double left, double top, double right, double bottom)
{
    Box b;
    switch (p->rotation) {
    case 0:
        b.x0 = left - p->left; b.top = p->top - top;
        b.x1 = right - p->left; b.bottom = p->top - bottom;
        break;
    case 90:
        b.x0 = bottom - p->bottom; b.top = left - p->left;
        b.x1 = top - p->bottom; b.bottom = right - p->left;
        break;
    case 180:
        b.x0 = p->right - right; b.top = bottom - p->bottom;
        b.x1 = p->right - left; b.bottom = top - p->bottom;
        break;
    default:
        b.x0 = p->top - top; b.top = p->right - right;
        b.x1 = p->top - bottom; b.bottom = p->right - left;
    }
    return b;
}

/* pdf._usable: top above bottom (NaN fails it) and every side finite (the sum of four float32
 * values is finite exactly when each of them is). */
static inline int
usable(double left, double top, double right, double bottom)
{
    return top > bottom && isfinite(left + top + right + bottom);
}

/* pdf._Boxes.__call__: 1 and the character's box, or 0 if it has none (or no usable one). */
static inline int
char_box(const Page *p, Py_ssize_t index, Box *box)
{
    RectF r;
    if (!p->char_box(p->textpage, (int)index, &r))
        return 0;
    double left = r.left, top = r.top, right = r.right, bottom = r.bottom;
    if (!usable(left, top, right, bottom))
        return 0;
    *box = frame_box(p, left, top, right, bottom);
    return 1;
}

/* pdf._from_ends: 1 and the word from the boxes of its ends, or 0 when they disagree. */
static int
from_ends(Page *p, Py_ssize_t start, Py_ssize_t end, Box first, Box last, int *pushed)
{
    double x0 = first.x0, top = first.top, x1 = first.x1, bottom = first.bottom;
    double height = bottom - top;
    int one_line = fabs(last.top + last.bottom - top - bottom) <= 2 * SAME_LINE * height;
    int forward = x0 <= last.x0;
    int no_gap = last.x1 - x0 <= (double)(end - start) * py_max(x1 - x0, height) + GAP * height;
    *pushed = 0;
    if (!(one_line && forward && no_gap))
        return 0;
    top = py_min(top, last.top);
    bottom = py_max(bottom, last.bottom);
    *pushed = 1;
    return push(p, start, end, x0, top, last.x1, bottom);
}

/* pdf._continues */
static inline int
continues(Box word, Box box)
{
    double height = py_max(word.bottom - word.top, box.bottom - box.top);
    int same_line = fabs(box.top + box.bottom - word.top - word.bottom) <= 2 * SAME_LINE * height;
    double gap = box.x0 - word.x1;
    return same_line && -GAP * height <= gap && gap <= GAP * height;
}

/* pdf._split_by_chars: every character boxed, the word cut at gaps, line changes, backward
 * jumps. A character without a box stays with its left neighbour (dropped at the start), so
 * each piece is a contiguous slice of the text. */
static int
split_by_chars(Page *p, Py_ssize_t start, Py_ssize_t end)
{
    int open = 0;
    Py_ssize_t piece_start = 0, piece_end = 0;
    Box piece = {0, 0, 0, 0}, box;
    for (Py_ssize_t index = start; index < end; index++) {
        if (!char_box(p, index, &box)) {
            if (open)
                piece_end = index + 1;
        }
        else if (open && continues(piece, box)) {
            piece_end = index + 1;
            piece.top = py_min(piece.top, box.top);
            piece.x1 = py_max(piece.x1, box.x1);
            piece.bottom = py_max(piece.bottom, box.bottom);
        }
        else {
            if (open && push(p, piece_start, piece_end, piece.x0, piece.top, piece.x1,
                             piece.bottom) < 0)
                return -1;
            open = 1;
            piece_start = index;
            piece_end = index + 1;
            piece = box;
        }
    }
    if (open)
        return push(p, piece_start, piece_end, piece.x0, piece.top, piece.x1, piece.bottom);
    return 0;
}

/* pdf._upright_words, for one word: one PDFium call when its characters share a width
 * class. */
static int
upright_word(Page *p, int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    RectF r;
    Py_ssize_t length = end - start;
    int ok = p->char_box(p->textpage, (int)start, &r);
    double left = r.left, top = r.top, right = r.right, bottom = r.bottom;
    if (ok && usable(left, top, right, bottom)) {
        top = p->top - top;
        bottom = p->top - bottom;
        int ascii = 1;
        Py_ssize_t utf8 = 0;
        for (Py_ssize_t i = start; i < end; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c >= 0x80)
                ascii = 0;
            utf8 += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        }
        if (length == 1 || ascii || utf8 == 3 * length) {
            right = left + (double)length * (right - left); /* one width class */
            return push(p, start, end, left - p->left, top, right - p->left, bottom);
        }
        /* A mixed word: box its last character too. */
        Box first = {left - p->left, top, right - p->left, bottom}, last;
        if (char_box(p, end - 1, &last)) {
            int pushed;
            if (from_ends(p, start, end, first, last, &pushed) < 0)
                return -1;
            if (pushed)
                return 0;
        }
    }
    return split_by_chars(p, start, end);
}

/* pdf._turned_words, for one word: both ends boxed. */
static int
turned_word(Page *p, Py_ssize_t start, Py_ssize_t end)
{
    Box first, last;
    int has_first = char_box(p, start, &first);
    int has_last = has_first;
    if (end - start == 1)
        last = first;
    else
        has_last = char_box(p, end - 1, &last);
    if (has_first && has_last) {
        int pushed;
        if (from_ends(p, start, end, first, last, &pushed) < 0)
            return -1;
        if (pushed)
            return 0;
    }
    return split_by_chars(p, start, end);
}

/* pdf._WORD: neither white space (str.split()'s) nor a control character. */
static inline int
is_word_char(Py_UCS4 c)
{
    return !(c <= 0x1f || c == 0x7f || c == 0xfeff || c == 0xfffe || Py_UNICODE_ISSPACE(c));
}

/* pdf._text_rotation: the clockwise turn that sets most sampled characters upright. */
static int
text_rotation(CharAngleFn char_angle, void *textpage, const Py_ssize_t *starts, Py_ssize_t n)
{
    static const double rad_to_deg = 180.0 / Py_MATH_PI; /* as math.degrees */
    long votes[4] = {0, 0, 0, 0};
    Py_ssize_t step = n / 9 > 1 ? n / 9 : 1;
    for (Py_ssize_t i = 0; i < n; i += step) {
        double angle = char_angle(textpage, (int)starts[i]);
        if (angle >= 0 && isfinite(angle)) {
            double quarter = nearbyint(angle * rad_to_deg / 90); /* round half to even */
            votes[(long long)quarter % 4] += 1;
        }
    }
    int quadrant = 0;
    for (int q = 1; q < 4; q++)
        if (votes[q] > votes[quadrant])
            quadrant = q;
    return (4 - quadrant) % 4 * 90;
}

/* ------------------------------------------------------------------ visual lines */

static int
by_key(const void *a, const void *b)
{
    const SortItem *x = a, *y = b;
    if (x->key < y->key)
        return -1;
    if (x->key > y->key)
        return 1;
    return (x->index > y->index) - (x->index < y->index); /* stable */
}

static PyObject *
word_tuple(PyObject *text, const Word *w)
{
    PyObject *tuple = PyTuple_New(6);
    if (tuple == NULL)
        return NULL;
    PyObject *s = PyUnicode_Substring(text, w->start, w->end);
    if (s == NULL) {
        Py_DECREF(tuple);
        return NULL;
    }
    PyTuple_SET_ITEM(tuple, 0, s);
    double values[5] = {w->x0, w->top, w->x1, w->bottom, w->centre2};
    for (int i = 0; i < 5; i++) {
        PyObject *f = PyFloat_FromDouble(values[i]);
        if (f == NULL) {
            Py_DECREF(tuple);
            return NULL;
        }
        PyTuple_SET_ITEM(tuple, i + 1, f);
    }
    /* Only a string and floats: never part of a cycle, so no work for the garbage collector
     * (which would untrack it itself at its first pass). */
    PyObject_GC_UnTrack(tuple);
    return tuple;
}

/* pdf._visual_lines: (words in line order, lines), lines top to bottom, words left to
 * right. */
static PyObject *
visual_lines(PyObject *text, const Word *words, Py_ssize_t n)
{
    PyObject *flat = NULL, *lines = NULL, *line = NULL, *result = NULL;
    SortItem *order = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(SortItem));
    SortItem *row = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(SortItem));
    if (order == NULL || row == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        order[i].key = words[i].centre2;
        order[i].index = i;
    }
    qsort(order, (size_t)n, sizeof(SortItem), by_key);
    flat = PyList_New(n);
    lines = PyList_New(0);
    if (flat == NULL || lines == NULL)
        goto done;
    Py_ssize_t placed = 0, i = 0;
    const double same_line = 2 * SAME_LINE; /* centres are kept doubled */
    while (i < n) {
        /* One line: the anchor word and those whose centre is close enough to it. */
        const Word *anchor = &words[order[i].index];
        double anchor_centre2 = anchor->centre2, anchor_height = anchor->bottom - anchor->top;
        Py_ssize_t size = 0;
        row[size].key = anchor->x0;
        row[size++].index = order[i++].index;
        while (i < n) {
            const Word *w = &words[order[i].index];
            double height = w->bottom - w->top;
            double limit = height < anchor_height ? height : anchor_height;
            if (!(w->centre2 - anchor_centre2 <= same_line * limit))
                break;
            row[size].key = w->x0;
            row[size].index = order[i++].index;
            size++;
        }
        if (size > 1) {
            /* Stable sort by x0, as list.sort(): sort (x0, position in the line) pairs. */
            SortItem *pairs = PyMem_Malloc((size_t)size * sizeof(SortItem));
            if (pairs == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            for (Py_ssize_t k = 0; k < size; k++) {
                pairs[k].key = row[k].key;
                pairs[k].index = k;
            }
            qsort(pairs, (size_t)size, sizeof(SortItem), by_key);
            for (Py_ssize_t k = 0; k < size; k++)
                pairs[k].index = row[pairs[k].index].index;
            memcpy(row, pairs, (size_t)size * sizeof(SortItem));
            PyMem_Free(pairs);
        }
        line = PyList_New(size);
        if (line == NULL)
            goto done;
        for (Py_ssize_t k = 0; k < size; k++) {
            PyObject *tuple = word_tuple(text, &words[row[k].index]);
            if (tuple == NULL)
                goto done;
            PyList_SET_ITEM(line, k, tuple);
            Py_INCREF(tuple);
            PyList_SET_ITEM(flat, placed++, tuple);
        }
        if (PyList_Append(lines, line) < 0)
            goto done;
        Py_CLEAR(line);
    }
    result = PyTuple_Pack(2, flat, lines);
done:
    PyMem_Free(order);
    PyMem_Free(row);
    Py_XDECREF(line);
    Py_XDECREF(flat);
    Py_XDECREF(lines);
    return result;
}

/* ------------------------------------------------------------------ module functions */

static int
as_address(PyObject *value, void **address, const char *what)
{
    if (!PyLong_Check(value)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int address, not %.100s", what,
                     Py_TYPE(value)->tp_name);
        return -1;
    }
    *address = PyLong_AsVoidPtr(value);
    if (*address == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "%s is a null address", what);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(page_lines_doc,
"page_lines(char_box, char_angle, textpage, text, left, bottom, right, top)\n"
"--\n\n"
"The words of one text page and its visual lines: (rotation, words, lines).\n\n"
"char_box and char_angle are the addresses of PDFium's FPDFText_GetLooseCharBox and\n"
"FPDFText_GetCharAngle, textpage the address of an open FPDF_TEXTPAGE whose text (index ==\n"
"character index) is `text`; left, bottom, right, top the page box. Each word is a tuple\n"
"(text, x0, top, x1, bottom, top + bottom) in reading space; `words` lists them in line\n"
"order, `lines` groups them (the same tuples) into visual lines.");

static PyObject *
page_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 8) {
        PyErr_Format(PyExc_TypeError, "page_lines() takes 8 arguments (%zd given)", nargs);
        return NULL;
    }
    void *box_fn, *angle_fn, *textpage;
    if (as_address(args[0], &box_fn, "char_box") < 0
        || as_address(args[1], &angle_fn, "char_angle") < 0
        || as_address(args[2], &textpage, "textpage") < 0)
        return NULL;
    PyObject *text = args[3];
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "text must be str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return NULL;
#endif
    double frame[4];
    for (int i = 0; i < 4; i++) {
        frame[i] = PyFloat_AsDouble(args[4 + i]);
        if (frame[i] == -1.0 && PyErr_Occurred())
            return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (length > INT_MAX) {
        PyErr_SetString(PyExc_ValueError, "text is longer than a PDFium text page can be");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);

    /* The words: runs of word characters, as pdf._split_words. */
    Py_ssize_t *spans = PyMem_Malloc((size_t)(length + 1) * sizeof(Py_ssize_t));
    if (spans == NULL)
        return PyErr_NoMemory();
    Py_ssize_t n = 0; /* spans[2k], spans[2k+1]: start and end of word k (length / 2 at most) */
    for (Py_ssize_t i = 0; i < length;) {
        if (!is_word_char(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < length && is_word_char(PyUnicode_READ(kind, data, i)))
            i++;
        spans[2 * n] = start;
        spans[2 * n + 1] = i;
        n++;
    }
    Py_ssize_t *starts = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Py_ssize_t));
    if (starts == NULL) {
        PyMem_Free(spans);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0; k < n; k++)
        starts[k] = spans[2 * k];

    Page p = {(CharBoxFn)box_fn, textpage, 0, frame[0], frame[1], frame[2], frame[3], NULL, 0, 0};
    p.rotation = text_rotation((CharAngleFn)angle_fn, textpage, starts, n);
    PyMem_Free(starts);
    int failed = 0;
    for (Py_ssize_t k = 0; k < n && !failed; k++) {
        Py_ssize_t start = spans[2 * k], end = spans[2 * k + 1];
        if (p.rotation == 0)
            failed = upright_word(&p, kind, data, start, end) < 0;
        else
            failed = turned_word(&p, start, end) < 0;
    }
    PyMem_Free(spans);
    PyObject *result = NULL;
    if (!failed) {
        PyObject *grouped = visual_lines(text, p.words, p.count);
        if (grouped != NULL) {
            result = Py_BuildValue("(iOO)", p.rotation, PyTuple_GET_ITEM(grouped, 0),
                                   PyTuple_GET_ITEM(grouped, 1));
            Py_DECREF(grouped);
        }
    }
    PyMem_Free(p.words);
    return result;
}

PyDoc_STRVAR(fragment_lines_doc,
"fragment_lines(lines, page, first_line, fragment, line)\n"
"--\n\n"
"[line([fragment(text, page, number, (x0, top, x1, bottom)), ...]), ...]: one `line` of\n"
"`fragment`s per visual line of word tuples, the lines numbered from first_line; `fragment`\n"
"and `line` are the classes (document.Fragment and document.Line). Works on a snapshot of\n"
"`lines` and of every line taken before the classes are called, so classes that change the\n"
"lists meanwhile change nothing here.");

/* The lines as a tuple of tuples of words, taken before any Python code runs: the classes
 * fragment_lines calls may change or empty the lists (and so free their words) while it walks
 * them; the snapshot holds a reference to every line and word as they were at the call. */
static PyObject *
lines_snapshot(PyObject *lines)
{
    PyObject *outer = PyList_AsTuple(lines); /* holds the lines while they are copied */
    if (outer == NULL)
        return NULL;
    Py_ssize_t n_lines = PyTuple_GET_SIZE(outer);
    PyObject *snapshot = PyTuple_New(n_lines);
    if (snapshot == NULL) {
        Py_DECREF(outer);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n_lines; i++) {
        PyObject *words = PyTuple_GET_ITEM(outer, i);
        if (!PyList_Check(words)) {
            PyErr_SetString(PyExc_TypeError, "each line must be a list of word tuples");
            goto error;
        }
        PyObject *copy = PyList_AsTuple(words);
        if (copy == NULL)
            goto error;
        PyTuple_SET_ITEM(snapshot, i, copy);
    }
    Py_DECREF(outer);
    return snapshot;
error:
    Py_DECREF(outer);
    Py_DECREF(snapshot);
    return NULL;
}

static PyObject *
fragment_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5) {
        PyErr_Format(PyExc_TypeError, "fragment_lines() takes 5 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *lines = args[0], *page = args[1], *fragment_type = args[3], *line_type = args[4];
    if (!PyList_Check(lines)) {
        PyErr_SetString(PyExc_TypeError, "lines must be a list");
        return NULL;
    }
    Py_ssize_t first_line = PyLong_AsSsize_t(args[2]);
    if (first_line == -1 && PyErr_Occurred())
        return NULL;
    if (!PyCallable_Check(fragment_type) || !PyCallable_Check(line_type)) {
        PyErr_SetString(PyExc_TypeError, "fragment and line must be classes");
        return NULL;
    }
    PyObject *snapshot = lines_snapshot(lines);
    if (snapshot == NULL)
        return NULL;
    Py_ssize_t n_lines = PyTuple_GET_SIZE(snapshot);
    PyObject *result = PyList_New(n_lines);
    if (result == NULL) {
        Py_DECREF(snapshot);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n_lines; i++) {
        PyObject *words = PyTuple_GET_ITEM(snapshot, i);
        PyObject *number = PyLong_FromSsize_t(first_line + i);
        if (number == NULL)
            goto error;
        Py_ssize_t n_words = PyTuple_GET_SIZE(words);
        PyObject *fragments = PyList_New(n_words);
        if (fragments == NULL) {
            Py_DECREF(number);
            goto error;
        }
        for (Py_ssize_t k = 0; k < n_words; k++) {
            PyObject *w = PyTuple_GET_ITEM(words, k);
            if (!PyTuple_Check(w) || PyTuple_GET_SIZE(w) < 5) {
                PyErr_SetString(PyExc_TypeError, "a word must be a tuple (text, x0, top, x1, "
                                "bottom, ...)");
                goto fail_line;
            }
            PyObject *bbox = PyTuple_GetSlice(w, 1, 5);
            if (bbox == NULL)
                goto fail_line;
            if (PyFloat_CheckExact(PyTuple_GET_ITEM(w, 1))
                && PyFloat_CheckExact(PyTuple_GET_ITEM(w, 2))
                && PyFloat_CheckExact(PyTuple_GET_ITEM(w, 3))
                && PyFloat_CheckExact(PyTuple_GET_ITEM(w, 4)))
                PyObject_GC_UnTrack(bbox); /* floats only: as in word_tuple */
            PyObject *given[4] = {PyTuple_GET_ITEM(w, 0), page, number, bbox};
            PyObject *fragment = PyObject_Vectorcall(fragment_type, given, 4, NULL);
            Py_DECREF(bbox);
            if (fragment == NULL)
                goto fail_line;
            PyList_SET_ITEM(fragments, k, fragment);
        }
        Py_DECREF(number);
        PyObject *line = PyObject_Vectorcall(line_type, &fragments, 1, NULL);
        Py_DECREF(fragments);
        if (line == NULL)
            goto error;
        PyList_SET_ITEM(result, i, line);
        continue;
    fail_line:
        Py_DECREF(number);
        Py_DECREF(fragments);
        goto error;
    }
    Py_DECREF(snapshot);
    return result;
error:
    Py_DECREF(snapshot);
    Py_DECREF(result);
    return NULL;
}

static PyMethodDef methods[] = {
    {"page_lines", (PyCFunction)(void (*)(void))page_lines, METH_FASTCALL, page_lines_doc},
    {"fragment_lines", (PyCFunction)(void (*)(void))fragment_lines, METH_FASTCALL,
     fragment_lines_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfwords",
    "The PDF loader's per-word loop (see gongkai/read/pdf.py and pdf_native.py).", -1, methods,
};

/* The SHA-256 of this file, defined by setup.py when it compiles it: pdf_native.py uses the
 * module only if it matches the hash of the _pdfwords.c shipped beside it (an editable install
 * does not rebuild by itself when this file changes, and a stale build must not run). */
#ifndef SOURCE_SHA256
#error "build _pdfwords.c through setup.py (pip install -e .), which defines SOURCE_SHA256"
#endif

PyMODINIT_FUNC
PyInit__pdfwords(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddStringConstant(m, "SOURCE_SHA256", SOURCE_SHA256) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
