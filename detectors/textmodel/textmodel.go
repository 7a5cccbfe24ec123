// Package textmodel is the small linear text model behind the detectors'
// "reads like" cue and their language identification: hashed word and
// character n-grams of a normalised text, scored by logistic regression
// (one class) or softmax regression (several). It is pure and has no
// state besides the weights; cmd/sgtrain trains it.
package textmodel

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
	"unsafe"
)

// View is a text as the model reads it: words separated by single spaces,
// with a space at both ends, placeholders already in place (see the
// detectors' model view). Words[i] is the byte span of word i in S.
type View struct {
	S     []byte
	Words [][2]int
}

// Feature kinds are mixed into the hash so that a word and a character
// n-gram with the same bytes land in different buckets.
const (
	kindWord   = 0x9e3779b1
	kindBigram = 0x85ebca77
	kindChar   = 0xc2b2ae3d
	kindLength = 0x27d4eb2f
	kindClass  = 0x165667b1
)

// ClassFeature is the feature of a word class the caller found in the
// text (the detectors' word lists and slots: "s.booking", "x.relative"):
// a class stands for every word and language it lists, so that what the
// model learns of "appuntamento" holds for "afspraak".
func ClassFeature(class string) uint32 { return hashBytes(kindClass, []byte(class)) }

// lengthBucket groups word counts, so that the model can learn how much
// a very short text says ("Merci, bien reçu" is no scam opener).
func lengthBucket(words int) byte {
	for i, limit := range []int{1, 2, 3, 5, 8, 12, 20} {
		if words <= limit {
			return byte('a' + i)
		}
	}
	return 'h'
}

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func hashBytes(seed uint32, b []byte) uint32 {
	return fmix(fnvMore(uint32(fnvOffset)^seed, b))
}

// fnvMore continues an FNV-1a state over b: the n-grams that start at
// one place share their prefix's state.
func fnvMore(h uint32, b []byte) uint32 {
	for _, c := range b {
		h ^= uint32(c)
		h *= fnvPrime
	}
	return h
}

// fmix is the final avalanche (murmur3 fmix32): FNV's low bits mix
// poorly and the tables are indexed by the low bits.
func fmix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// MinChar and MaxChar bound the character n-grams. Only the language
// model reads them; with 5-grams too it was no more accurate (held-out
// turns of 1-4 words: 0.78 either way; of 5-10 words: 0.998 against
// 0.996) and read a third more features.
const (
	MinChar = 3
	MaxChar = 4
)

// Features' check of the n-grams' inner bytes needs MinChar of 3 or more.
var _ [MinChar - 3]struct{}

// Features appends the hashed features of v to dst: the text's length
// bucket, word unigrams, word bigrams (with start and end marks) and
// character 3- and 4-grams over S, spaces included, in that order. A text
// gives the same features in the same order every time.
func Features(dst []uint32, v *View) []uint32 {
	dst = WordFeaturesOnly(dst, v)
	// The n-grams stay within a word and its edges: a space may open or
	// close one, not stand inside. Every n-gram from p holds s[p+1]
	// inside (MinChar is 3); each longer one holds one more byte.
	s := v.S
	for p := 0; p+MinChar <= len(s); p++ {
		if s[p+1] == ' ' {
			continue
		}
		h := fnvMore(uint32(fnvOffset)^kindChar, s[p:p+MinChar-1])
		for k := MinChar; k <= MaxChar && p+k <= len(s); k++ {
			if k > MinChar && s[p+k-2] == ' ' {
				break
			}
			h = (h ^ uint32(s[p+k-1])) * fnvPrime
			dst = append(dst, fmix(h))
		}
	}
	return dst
}

// WordFeatures is how many of the features Features gives for v are the
// length bucket, word unigrams and bigrams: they come first, the
// character n-grams after them.
func WordFeatures(v *View) int { return 2*len(v.Words) + 2 }

// WordFeaturesOnly appends the word part of Features (its first
// WordFeatures(v) features) and nothing else: what models that read
// words only need, without hashing every character n-gram.
func WordFeaturesOnly(dst []uint32, v *View) []uint32 {
	n := len(v.Words)
	dst = append(dst, hashBytes(kindLength, []byte{lengthBucket(n)}))
	prev := []byte("^")
	for i := 0; i <= n; i++ {
		var cur []byte
		if i < n {
			cur = v.S[v.Words[i][0]:v.Words[i][1]]
			dst = append(dst, hashBytes(kindWord, cur))
		} else {
			cur = []byte("$")
		}
		dst = append(dst, hashBytes(hashBytes(kindBigram, prev), cur))
		prev = cur
	}
	return dst
}

// Spans returns, for each feature Features gives, the range of words
// [W0, W1] it touches ({-1, -1} for a text without words), in the same
// order. Only explanations need it.
func Spans(v *View) [][2]int32 {
	n := len(v.Words)
	out := [][2]int32{{-1, -1}} // the length feature touches no word
	for i := 0; i <= n; i++ {
		if i < n {
			out = append(out, [2]int32{int32(i), int32(i)})
		}
		out = append(out, [2]int32{int32(max(i-1, 0)), int32(min(i, n-1))})
	}
	word := int32(0)
	s := v.S
	for p := 0; p+MinChar <= len(s); p++ {
		for n > 0 && int(word) < n-1 && p >= v.Words[word+1][0] {
			word++
		}
		for k := MinChar; k <= MaxChar && p+k <= len(s); k++ {
			g := s[p : p+k]
			if bytes.IndexByte(g[1:len(g)-1], ' ') >= 0 {
				break
			}
			w1 := word
			if n > 0 && int(word)+1 < n && p+k > v.Words[word+1][0] {
				w1 = word + 1
			}
			out = append(out, [2]int32{word, w1})
		}
	}
	if n == 0 {
		for i := range out {
			out[i] = [2]int32{-1, -1}
		}
	}
	return out
}

// Model is a linear model over 2^Bits hashed buckets. With one label it
// is a logistic regression whose probability is calibrated by Platt
// scaling (A, B); with several it is a softmax regression.
type Model struct {
	Labels []string
	Bits   uint8
	// Scale turns the int8 weights into floats.
	Scale float32
	// Inputs says which features the model reads.
	Inputs Inputs
	Bias   []float32
	// Weights holds len(Labels) tables of 2^Bits int8 weights.
	Weights []int8
	// byBucket is Weights with each bucket's labels side by side, so that
	// a several-label model reads one cache line per feature (built on
	// first use).
	byBucket     []int8
	byBucketOnce sync.Once
	PlattA       float32
	PlattB       float32
}

// Inputs are the features a model reads besides Features' word part.
type Inputs struct {
	// WordsOnly: the word features (WordFeatures), not the character
	// n-grams. The scam model reads these: character n-grams learnt the
	// training texts' spelling and generalised worse to texts written
	// apart from them (see cmd/sgtrain's report).
	WordsOnly bool
	// Classes: ClassFeature features follow the text's features.
	Classes bool
}

var magic = []byte("SGTM")

// formatVersion 2 added a flags byte (Inputs) after Bits; version 1
// files read as models of every text feature and no classes.
const formatVersion = 2

const (
	flagWordsOnly = 1 << iota
	flagClasses
)

// Encode writes the model in its binary form.
func (m *Model) Encode() []byte {
	var b bytes.Buffer
	b.Write(magic)
	b.WriteByte(formatVersion)
	b.WriteByte(m.Bits)
	var flags byte
	if m.Inputs.WordsOnly {
		flags |= flagWordsOnly
	}
	if m.Inputs.Classes {
		flags |= flagClasses
	}
	b.WriteByte(flags)
	binary.Write(&b, binary.LittleEndian, uint16(len(m.Labels)))
	for _, l := range m.Labels {
		b.WriteByte(byte(len(l)))
		b.WriteString(l)
	}
	binary.Write(&b, binary.LittleEndian, m.Scale)
	binary.Write(&b, binary.LittleEndian, m.Bias)
	binary.Write(&b, binary.LittleEndian, m.PlattA)
	binary.Write(&b, binary.LittleEndian, m.PlattB)
	for _, w := range m.Weights {
		b.WriteByte(byte(w))
	}
	return b.Bytes()
}

// ErrBadModel is returned by Decode for data that is not a model.
var ErrBadModel = errors.New("not a SilentGuard text model")

// Decode reads a model written by Encode.
func Decode(data []byte) (*Model, error) {
	m, raw, err := decode(data)
	if err != nil {
		return nil, err
	}
	m.Weights = make([]int8, len(raw))
	for i, b := range raw {
		m.Weights[i] = int8(b)
	}
	return m, nil
}

// DecodeShared reads a model written by Encode whose weights stay where
// data is, not copied: for models embedded in the binary, which the
// program maps and never changes (a copy would double their memory).
func DecodeShared(data string) (*Model, error) {
	m, raw, err := decode(unsafe.Slice(unsafe.StringData(data), len(data)))
	if err != nil {
		return nil, err
	}
	if len(raw) > 0 {
		m.Weights = unsafe.Slice((*int8)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw))
	}
	return m, nil
}

// decode reads all but the weights, and returns their bytes.
func decode(data []byte) (*Model, []byte, error) {
	if len(data) < 8 || !bytes.Equal(data[:4], magic) {
		return nil, nil, ErrBadModel
	}
	if data[4] != 1 && data[4] != formatVersion {
		return nil, nil, fmt.Errorf("%w: version %d", ErrBadModel, data[4])
	}
	m := &Model{Bits: data[5]}
	if m.Bits < 8 || m.Bits > 24 {
		return nil, nil, fmt.Errorf("%w: %d bits", ErrBadModel, m.Bits)
	}
	p := 6
	if data[4] >= 2 {
		flags := data[p]
		if flags&^(flagWordsOnly|flagClasses) != 0 {
			return nil, nil, fmt.Errorf("%w: unknown flags %#x", ErrBadModel, flags)
		}
		m.Inputs = Inputs{WordsOnly: flags&flagWordsOnly != 0, Classes: flags&flagClasses != 0}
		p++
	}
	need := func(n int) error {
		if p+n > len(data) {
			return fmt.Errorf("%w: truncated", ErrBadModel)
		}
		return nil
	}
	if err := need(2); err != nil {
		return nil, nil, err
	}
	nl := int(binary.LittleEndian.Uint16(data[p:]))
	p += 2
	if nl == 0 {
		return nil, nil, fmt.Errorf("%w: no labels", ErrBadModel)
	}
	for range nl {
		if err := need(1); err != nil {
			return nil, nil, err
		}
		l := int(data[p])
		p++
		if err := need(l); err != nil {
			return nil, nil, err
		}
		m.Labels = append(m.Labels, string(data[p:p+l]))
		p += l
	}
	f32 := func() float32 {
		v := math.Float32frombits(binary.LittleEndian.Uint32(data[p:]))
		p += 4
		return v
	}
	if err := need(4 * (3 + nl)); err != nil {
		return nil, nil, err
	}
	m.Scale = f32()
	for range nl {
		m.Bias = append(m.Bias, f32())
	}
	m.PlattA, m.PlattB = f32(), f32()
	size := nl << m.Bits
	if len(data)-p != size {
		return nil, nil, fmt.Errorf("%w: %d weight bytes, want %d", ErrBadModel, len(data)-p, size)
	}
	return m, data[p:], nil
}

func (m *Model) mask() uint32 { return 1<<m.Bits - 1 }

// Raw returns the linear score of each label: bias plus the mean-scaled
// sum of the features' weights.
func (m *Model) Raw(dst []float64, fs []uint32) []float64 {
	dst = dst[:0]
	for c := range m.Labels {
		dst = append(dst, float64(m.Bias[c]))
	}
	if len(fs) == 0 {
		return dst
	}
	norm := float64(m.Scale) / math.Sqrt(float64(len(fs)))
	mask := m.mask()
	if len(m.Labels) == 1 {
		table := m.Weights[:1<<m.Bits]
		sum := int64(0)
		for _, h := range fs {
			sum += int64(table[h&mask])
		}
		dst[0] += float64(sum) * norm
		return dst
	}
	m.byBucketOnce.Do(m.interleave)
	n := len(m.Labels)
	if n == 8 {
		// Eight labels (the language model's): a bucket's weights are
		// one 8-byte row, added without a loop or bounds checks.
		var acc [8]int32
		for _, h := range fs {
			o := int(h&mask) * 8
			row := (*[8]int8)(m.byBucket[o : o+8])
			acc[0] += int32(row[0])
			acc[1] += int32(row[1])
			acc[2] += int32(row[2])
			acc[3] += int32(row[3])
			acc[4] += int32(row[4])
			acc[5] += int32(row[5])
			acc[6] += int32(row[6])
			acc[7] += int32(row[7])
		}
		for c := range dst {
			dst[c] += float64(acc[c]) * norm
		}
		return dst
	}
	var sums [16]int64
	acc := sums[:0]
	if n > len(sums) {
		acc = make([]int64, n)
	} else {
		acc = sums[:n]
	}
	for _, h := range fs {
		row := m.byBucket[int(h&mask)*n : int(h&mask)*n+n]
		for c, w := range row {
			acc[c] += int64(w)
		}
	}
	for c := range dst {
		dst[c] += float64(acc[c]) * norm
	}
	return dst
}

// Prepare builds now what Raw builds at its first use.
func (m *Model) Prepare() {
	if len(m.Labels) > 1 {
		m.byBucketOnce.Do(m.interleave)
	}
}

func (m *Model) interleave() {
	n, size := len(m.Labels), 1<<m.Bits
	m.byBucket = make([]int8, n*size)
	for c := 0; c < n; c++ {
		for b := 0; b < size; b++ {
			m.byBucket[b*n+c] = m.Weights[c*size+b]
		}
	}
}

// Probability is the calibrated probability of the first label
// (logistic models).
func (m *Model) Probability(fs []uint32) float64 {
	var buf [1]float64
	z := m.Raw(buf[:0], fs)[0]
	return Sigmoid(float64(m.PlattA)*z + float64(m.PlattB))
}

// Softmax returns each label's probability (softmax models).
func (m *Model) Softmax(dst []float64, fs []uint32) []float64 {
	dst = m.Raw(dst, fs)
	mx := math.Inf(-1)
	for _, z := range dst {
		mx = math.Max(mx, z)
	}
	sum := 0.0
	for i, z := range dst {
		dst[i] = math.Exp(z - mx)
		sum += dst[i]
	}
	for i := range dst {
		dst[i] /= sum
	}
	return dst
}

// Contributions spreads the first label's weights over the words of v:
// each feature's weight goes in equal shares to the words it touches.
// fs are the features the model reads of v (Features' order, then any
// classes, which no word is given); out has one entry per word. It walks
// v as Features does instead of building every feature's span.
func (m *Model) Contributions(fs []uint32, v *View) []float64 {
	words := len(v.Words)
	out := make([]float64, words)
	if len(fs) == 0 || words == 0 {
		return out
	}
	norm := float64(m.Scale) / math.Sqrt(float64(len(fs)))
	mask := m.mask()
	table := m.Weights[:1<<m.Bits]
	i := 1 // fs[0] is the length bucket: it touches no word
	give := func(w0, w1 int) {
		if i >= len(fs) {
			return
		}
		share := float64(table[fs[i]&mask]) * norm / float64(w1-w0+1)
		for k := w0; k <= w1; k++ {
			out[k] += share
		}
		i++
	}
	for k := 0; k <= words; k++ {
		if k < words {
			give(k, k) // the word
		}
		give(max(k-1, 0), min(k, words-1)) // the bigram ending here
	}
	if m.Inputs.WordsOnly {
		return out
	}
	word := 0
	s := v.S
	for p := 0; p+MinChar <= len(s); p++ {
		for word < words-1 && p >= v.Words[word+1][0] {
			word++
		}
		for k := MinChar; k <= MaxChar && p+k <= len(s); k++ {
			if bytes.IndexByte(s[p+1:p+k-1], ' ') >= 0 {
				break
			}
			w1 := word
			if word+1 < words && p+k > v.Words[word+1][0] {
				w1 = word + 1
			}
			give(word, w1)
		}
	}
	return out
}

// Sigmoid is the logistic function.
func Sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
