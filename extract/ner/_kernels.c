/* Compiled kernels for the linear NER model: the two loops numpy does slowly.
 *
 * emissions: per char, the sum of its features' int8 weight rows, scaled per tag. numpy
 *   gathers a (chars x features x 16) temporary and sums it; here each row is added as it
 *   is read, with the rows of a few chars ahead prefetched (random reads into a 64 MB table
 *   are what costs).
 * viterbi: best tag path of each run of undecided chars. numpy steps all runs in lock-step,
 *   one Python-level iteration per position with several array calls each; here each run is
 *   a plain loop over 13 x 13 scores.
 *
 * mix: hashed feature ids, one column per feature template, from the template's parts (per-char
 *   uint64 codes): numpy makes a temporary array per part and per operation; here each id is
 *   made in registers.
 *
 * trie_longest: per start position, the longest listed name beginning there (the known-names
 *   feature), by walking a trie held in an open-addressing table; pyahocorasick reports
 *   every match as a Python tuple, which cost more than the walk.
 *
 * All compute exactly what the numpy code in extract/ner/kernels.py computes (integer sums,
 * then the same float32 operations in the same order, ties to the lowest tag id), so the
 * package gives the same entities with or without this module; tests compare the two.
 * Arguments are plain buffers (no numpy headers needed to build); the GIL is released while
 * the loops run.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TAGS 32
#define PREFETCH_AHEAD 4 /* chars */

static int check_size(Py_buffer *view, Py_ssize_t expected, const char *what)
{
    if (view->len != expected) {
        PyErr_Format(PyExc_ValueError, "%s has %zd bytes, expected %zd", what, view->len, expected);
        return -1;
    }
    return 0;
}

/* emissions(rows, row_bytes, features, feature_count, scale, out)
 *   rows: int8 (buckets x row_bytes); features: int64 (chars x feature_count) bucket ids;
 *   scale: float32 (tags); out: writable float32 (chars x tags). */
static PyObject *emissions(PyObject *self, PyObject *args)
{
    Py_buffer rows, features, scale, out;
    Py_ssize_t row_bytes, feature_count;
    if (!PyArg_ParseTuple(args, "y*ny*ny*w*", &rows, &row_bytes, &features, &feature_count, &scale, &out))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t tags = scale.len / (Py_ssize_t)sizeof(float);
    Py_ssize_t buckets = row_bytes > 0 ? rows.len / row_bytes : 0;
    Py_ssize_t chars = feature_count > 0 ? features.len / (Py_ssize_t)sizeof(int64_t) / feature_count : 0;
    if (tags < 1 || tags > MAX_TAGS || row_bytes < tags || feature_count < 1) {
        PyErr_SetString(PyExc_ValueError, "bad shapes for emissions");
        goto done;
    }
    if (check_size(&features, chars * feature_count * (Py_ssize_t)sizeof(int64_t), "features") < 0
        || check_size(&out, chars * tags * (Py_ssize_t)sizeof(float), "out") < 0)
        goto done;
    const int8_t *weights = (const int8_t *)rows.buf;
    const int64_t *ids = (const int64_t *)features.buf;
    const float *per_tag = (const float *)scale.buf;
    float *scores = (float *)out.buf;
    for (Py_ssize_t i = 0; i < chars * feature_count; i++) {
        if (ids[i] < 0 || ids[i] >= buckets) {
            PyErr_Format(PyExc_IndexError, "feature id %lld outside %zd buckets", (long long)ids[i], buckets);
            goto done;
        }
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t c = 0; c < chars; c++) {
        int32_t sum[MAX_TAGS] = {0};
        if (c + PREFETCH_AHEAD < chars) {
            const int64_t *ahead = ids + (c + PREFETCH_AHEAD) * feature_count;
            for (Py_ssize_t f = 0; f < feature_count; f++)
                __builtin_prefetch(weights + ahead[f] * row_bytes);
        }
        const int64_t *own = ids + c * feature_count;
        for (Py_ssize_t f = 0; f < feature_count; f++) {
            const int8_t *row = weights + own[f] * row_bytes;
            for (Py_ssize_t t = 0; t < tags; t++)
                sum[t] += row[t];
        }
        float *line = scores + c * tags;
        for (Py_ssize_t t = 0; t < tags; t++)
            line[t] = (float)sum[t] * per_tag[t];
    }
    Py_END_ALLOW_THREADS
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&rows);
    PyBuffer_Release(&features);
    PyBuffer_Release(&scale);
    PyBuffer_Release(&out);
    return result;
}

/* Best path of one run: scores (length x tags), writes tag ids to best (length). */
static void decode_run(const float *scores, Py_ssize_t length, Py_ssize_t tags, const float *transition,
                       const float *start, const float *end, int8_t *back, int8_t *best)
{
    float score[MAX_TAGS], next[MAX_TAGS];
    for (Py_ssize_t t = 0; t < tags; t++)
        score[t] = scores[t] + start[t];
    for (Py_ssize_t position = 1; position < length; position++) {
        const float *emission = scores + position * tags;
        int8_t *pointers = back + position * tags;
        for (Py_ssize_t current = 0; current < tags; current++) {
            float top = score[0] + transition[current];
            int8_t from = 0;
            for (Py_ssize_t previous = 1; previous < tags; previous++) {
                float candidate = score[previous] + transition[previous * tags + current];
                if (candidate > top) {
                    top = candidate;
                    from = (int8_t)previous;
                }
            }
            pointers[current] = from;
            next[current] = top + emission[current];
        }
        memcpy(score, next, sizeof(float) * tags);
    }
    float top = score[0] + end[0];
    int8_t last = 0;
    for (Py_ssize_t t = 1; t < tags; t++) {
        float candidate = score[t] + end[t];
        if (candidate > top) {
            top = candidate;
            last = (int8_t)t;
        }
    }
    for (Py_ssize_t position = length - 1; position >= 0; position--) {
        best[position] = last;
        if (position)
            last = back[position * tags + last];
    }
}

/* viterbi(scores, tags, offsets, lengths, transition, start, end, out)
 *   scores: float32 (chars x tags); offsets, lengths: int64 (runs); transition: float32
 *   (tags x tags), previous -> current; start, end: float32 (tags); out: writable int8 (chars),
 *   each run's best tags written at its chars (others untouched). */
static PyObject *viterbi(PyObject *self, PyObject *args)
{
    Py_buffer scores, offsets, lengths, transition, start, end, out;
    Py_ssize_t tags;
    if (!PyArg_ParseTuple(args, "y*ny*y*y*y*y*w*", &scores, &tags, &offsets, &lengths, &transition, &start, &end, &out))
        return NULL;
    PyObject *result = NULL;
    int8_t *back = NULL;
    Py_ssize_t runs = offsets.len / (Py_ssize_t)sizeof(int64_t);
    Py_ssize_t chars = tags > 0 ? scores.len / (Py_ssize_t)sizeof(float) / tags : 0;
    if (tags < 1 || tags > MAX_TAGS) {
        PyErr_SetString(PyExc_ValueError, "bad tag count for viterbi");
        goto done;
    }
    if (check_size(&scores, chars * tags * (Py_ssize_t)sizeof(float), "scores") < 0
        || check_size(&lengths, runs * (Py_ssize_t)sizeof(int64_t), "lengths") < 0
        || check_size(&transition, tags * tags * (Py_ssize_t)sizeof(float), "transition") < 0
        || check_size(&start, tags * (Py_ssize_t)sizeof(float), "start") < 0
        || check_size(&end, tags * (Py_ssize_t)sizeof(float), "end") < 0
        || check_size(&out, chars, "out") < 0)
        goto done;
    const int64_t *run_offsets = (const int64_t *)offsets.buf;
    const int64_t *run_lengths = (const int64_t *)lengths.buf;
    int64_t longest = 0;
    for (Py_ssize_t r = 0; r < runs; r++) {
        if (run_offsets[r] < 0 || run_lengths[r] < 0 || run_offsets[r] + run_lengths[r] > chars) {
            PyErr_SetString(PyExc_IndexError, "a run lies outside the scores");
            goto done;
        }
        if (run_lengths[r] > longest)
            longest = run_lengths[r];
    }
    back = (int8_t *)PyMem_RawMalloc((size_t)(longest + 1) * (size_t)tags);
    if (back == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    const float *all_scores = (const float *)scores.buf;
    int8_t *best = (int8_t *)out.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t r = 0; r < runs; r++) {
        if (run_lengths[r] == 0)
            continue;
        decode_run(all_scores + run_offsets[r] * tags, run_lengths[r], tags, (const float *)transition.buf,
                   (const float *)start.buf, (const float *)end.buf, back, best + run_offsets[r]);
    }
    Py_END_ALLOW_THREADS
    result = Py_NewRef(Py_None);
done:
    PyMem_RawFree(back);
    PyBuffer_Release(&scores);
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&lengths);
    PyBuffer_Release(&transition);
    PyBuffer_Release(&start);
    PyBuffer_Release(&end);
    PyBuffer_Release(&out);
    return result;
}

/* The hash of features.py `_mix`, per char: v = seed; for each part: v = (v ^ part) * M2,
 * v ^= v >> 33; the id is v & mask. */
#define MIX_MULTIPLIER 0xFF51AFD7ED558CCDULL
#define MIX_SHIFT 33
#define MAX_PARTS 8

/* mix(out, column, seed, mask, parts)
 *   out: writable int64 (chars x columns); column: which column to fill; seed, mask: uint64;
 *   parts: a sequence of uint64 buffers of `chars` codes each. */
static PyObject *mix(PyObject *self, PyObject *args)
{
    Py_buffer out;
    Py_ssize_t column;
    unsigned long long seed, mask;
    PyObject *parts;
    if (!PyArg_ParseTuple(args, "w*nKKO", &out, &column, &seed, &mask, &parts))
        return NULL;
    PyObject *result = NULL;
    Py_buffer views[MAX_PARTS];
    Py_ssize_t count = 0, held = 0;
    PyObject *sequence = PySequence_Fast(parts, "parts must be a sequence of buffers");
    if (sequence == NULL)
        goto done;
    count = PySequence_Fast_GET_SIZE(sequence);
    if (count < 1 || count > MAX_PARTS) {
        PyErr_SetString(PyExc_ValueError, "mix takes 1 to 8 parts");
        goto done;
    }
    for (; held < count; held++) {
        if (PyObject_GetBuffer(PySequence_Fast_GET_ITEM(sequence, held), &views[held], PyBUF_SIMPLE) < 0)
            goto done;
    }
    Py_ssize_t chars = views[0].len / (Py_ssize_t)sizeof(uint64_t);
    for (Py_ssize_t p = 0; p < count; p++) {
        if (check_size(&views[p], chars * (Py_ssize_t)sizeof(uint64_t), "a part") < 0)
            goto done;
    }
    Py_ssize_t columns = chars > 0 ? out.len / (Py_ssize_t)sizeof(int64_t) / chars : 0;
    if (chars > 0 && (check_size(&out, chars * columns * (Py_ssize_t)sizeof(int64_t), "out") < 0))
        goto done;
    if (chars > 0 && (column < 0 || column >= columns)) {
        PyErr_SetString(PyExc_IndexError, "column outside out");
        goto done;
    }
    int64_t *ids = (int64_t *)out.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t c = 0; c < chars; c++) {
        uint64_t value = (uint64_t)seed;
        for (Py_ssize_t p = 0; p < count; p++) {
            value = (value ^ ((const uint64_t *)views[p].buf)[c]) * MIX_MULTIPLIER;
            value ^= value >> MIX_SHIFT;
        }
        ids[c * columns + column] = (int64_t)(value & (uint64_t)mask);
    }
    Py_END_ALLOW_THREADS
    result = Py_NewRef(Py_None);
done:
    for (Py_ssize_t p = 0; p < held; p++)
        PyBuffer_Release(&views[p]);
    Py_XDECREF(sequence);
    PyBuffer_Release(&out);
    return result;
}

/* The trie's table: key (node + 1) << 32 | code point -> child node; slot by the key's
 * multiplicative hash, linear probing (extract/ner/name_index.py builds it the same way). */
#define TRIE_MULTIPLIER 0x9E3779B97F4A7C15ULL

/* trie_longest(codes, keys, children, terminal, out)
 *   codes: uint32 (chars) code points; keys: uint64 (slots, a power of two, 0 = empty);
 *   children: int32 (slots); terminal: int32 (nodes), nonzero where a name ends;
 *   out: writable int32 (chars), the terminal value of the longest name starting there. */
static PyObject *trie_longest(PyObject *self, PyObject *args)
{
    Py_buffer codes, keys, children, terminal, out;
    if (!PyArg_ParseTuple(args, "y*y*y*y*w*", &codes, &keys, &children, &terminal, &out))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t chars = codes.len / (Py_ssize_t)sizeof(uint32_t);
    Py_ssize_t slots = keys.len / (Py_ssize_t)sizeof(uint64_t);
    Py_ssize_t nodes = terminal.len / (Py_ssize_t)sizeof(int32_t);
    if (slots < 2 || (slots & (slots - 1)) != 0 || nodes < 1) {
        PyErr_SetString(PyExc_ValueError, "the trie table must have a power-of-two size");
        goto done;
    }
    if (check_size(&children, slots * (Py_ssize_t)sizeof(int32_t), "children") < 0
        || check_size(&out, chars * (Py_ssize_t)sizeof(int32_t), "out") < 0)
        goto done;
    int bits = 0;
    while (((Py_ssize_t)1 << bits) < slots)
        bits++;
    const uint32_t *text = (const uint32_t *)codes.buf;
    const uint64_t *table = (const uint64_t *)keys.buf;
    const int32_t *child = (const int32_t *)children.buf;
    const int32_t *ends = (const int32_t *)terminal.buf;
    int32_t *longest = (int32_t *)out.buf;
    uint64_t mask = (uint64_t)slots - 1;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t start = 0; start < chars && !bad; start++) {
        int32_t node = 0, best = 0;
        for (Py_ssize_t at = start; at < chars; at++) {
            uint64_t key = ((uint64_t)(node + 1) << 32) | text[at];
            uint64_t slot = (key * TRIE_MULTIPLIER) >> (64 - bits);
            while (table[slot] != 0 && table[slot] != key)
                slot = (slot + 1) & mask;
            if (table[slot] == 0)
                break;
            node = child[slot];
            if (node < 0 || node >= nodes) {
                bad = 1;
                break;
            }
            if (ends[node])
                best = ends[node];
        }
        longest[start] = best;
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "the trie table points outside its nodes");
        goto done;
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&codes);
    PyBuffer_Release(&keys);
    PyBuffer_Release(&children);
    PyBuffer_Release(&terminal);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"emissions", emissions, METH_VARARGS, "emissions(rows, row_bytes, features, feature_count, scale, out)"},
    {"viterbi", viterbi, METH_VARARGS, "viterbi(scores, tags, offsets, lengths, transition, start, end, out)"},
    {"mix", mix, METH_VARARGS, "mix(out, column, seed, mask, parts)"},
    {"trie_longest", trie_longest, METH_VARARGS, "trie_longest(codes, keys, children, terminal, out)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_kernels", "Compiled kernels for extract.ner (see extract/ner/kernels.py).", -1, methods,
};

PyMODINIT_FUNC PyInit__kernels(void)
{
    return PyModule_Create(&module);
}
