package textmodel

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"
)

func view(words ...string) *View {
	v := &View{S: []byte{' '}}
	for _, w := range words {
		start := len(v.S)
		v.S = append(v.S, w...)
		v.Words = append(v.Words, [2]int{start, len(v.S)})
		v.S = append(v.S, ' ')
	}
	return v
}

func TestFeaturesAndSpansAgree(t *testing.T) {
	v := view("hi", "\x01", "are", "we", "still", "on")
	fs := Features(nil, v)
	sp := Spans(v)
	if len(fs) != len(sp) || len(fs) == 0 {
		t.Fatalf("%d features, %d spans", len(fs), len(sp))
	}
	if sp[0] != [2]int32{-1, -1} {
		t.Fatalf("the length feature touches words: %v", sp[0])
	}
	for i, s := range sp[1:] {
		if s[0] < 0 || s[1] < s[0] || int(s[1]) >= len(v.Words) {
			t.Fatalf("span %d = %v", i+1, s)
		}
	}
	if again := Features(nil, v); !equalU32(again, fs) {
		t.Fatal("features differ between two calls")
	}
	if empty := Spans(view()); len(empty) != len(Features(nil, view())) {
		t.Fatal("empty view: spans and features differ in length")
	}
}

// The character n-grams are hashed incrementally (a 4-gram continues its
// 3-gram's state), yet each must equal the hash of the whole n-gram: the
// shipped weights were trained on those.
func TestCharGramsAreHashedWhole(t *testing.T) {
	v := view("ciao", "\x01", "sei", "libero", "già?", "ok")
	fs := Features(nil, v)
	var want []uint32
	s := v.S
	for p := 0; p+MinChar <= len(s); p++ {
		for k := MinChar; k <= MaxChar && p+k <= len(s); k++ {
			if bytes.IndexByte(s[p+1:p+k-1], ' ') >= 0 {
				break
			}
			want = append(want, hashBytes(kindChar, s[p:p+k]))
		}
	}
	if len(want) == 0 || len(fs) < len(want) || !equalU32(fs[len(fs)-len(want):], want) {
		t.Fatalf("character n-gram hashes differ from hashing each n-gram whole")
	}
}

func equalU32(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// toy data: label 1 texts hold "scam", label 0 texts "ham".
func toyExamples(n int) []Example {
	r := rand.New(rand.NewPCG(7, 7))
	words := []string{"hello", "are", "you", "there", "today", "friend", "soon"}
	var ex []Example
	for i := 0; i < n; i++ {
		label := i % 2
		ws := []string{words[r.IntN(len(words))], words[r.IntN(len(words))]}
		if label == 1 {
			ws = append(ws, "crypto", "profit")
		} else {
			ws = append(ws, "dinner", "mum")
		}
		ex = append(ex, Example{Hashes: Features(nil, view(ws...)), Label: label})
	}
	return ex
}

// Same data, same options: the same bytes (the model file is reproducible).
func TestTrainingIsDeterministic(t *testing.T) {
	o := TrainOptions{Bits: 12, Epochs: 3, LearningRate: 0.2, L2: 1e-4, Seed: 1}
	a := TrainLogistic("scam", toyExamples(200), o).Encode()
	b := TrainLogistic("scam", toyExamples(200), o).Encode()
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings on the same data gave different bytes")
	}
}

func TestLogisticLearnsAndRoundTrips(t *testing.T) {
	ex := toyExamples(400)
	m := TrainLogistic("scam", ex, TrainOptions{Bits: 12, Epochs: 4, LearningRate: 0.2, L2: 1e-4, Seed: 1})
	var z []float64
	var y []int
	var buf []float64
	for _, e := range ex {
		buf = m.Raw(buf, e.Hashes)
		z, y = append(z, buf[0]), append(y, e.Label)
	}
	Calibrate(m, z, y, nil)
	d, err := Decode(m.Encode())
	if err != nil {
		t.Fatal(err)
	}
	scam := Features(nil, view("hello", "crypto", "profit"))
	ham := Features(nil, view("hello", "dinner", "mum"))
	if p := d.Probability(scam); p < 0.8 {
		t.Errorf("scam-like text p = %.2f", p)
	}
	if p := d.Probability(ham); p > 0.2 {
		t.Errorf("ham-like text p = %.2f", p)
	}
	c := d.Contributions(scam, view("hello", "crypto", "profit"))
	if !(c[1] > c[0] && c[2] > c[0]) {
		t.Errorf("contributions %v: the scam words should weigh most", c)
	}
}

// A shared model reads its weights where the data is (no copy) and
// scores as the copied one does.
func TestDecodeSharedReadsInPlace(t *testing.T) {
	m := TrainLogistic("scam", toyExamples(200), TrainOptions{Bits: 10, Epochs: 2, LearningRate: 0.2, Seed: 1})
	data := string(m.Encode())
	shared, err := DecodeShared(data)
	if err != nil {
		t.Fatal(err)
	}
	copied, err := Decode([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	end := unsafe.Pointer(unsafe.StringData(data[len(data)-1:]))
	if last := unsafe.Pointer(&shared.Weights[len(shared.Weights)-1]); last != end {
		t.Error("the shared model's weights are a copy")
	}
	fs := Features(nil, view("hello", "crypto", "profit"))
	if a, b := shared.Probability(fs), copied.Probability(fs); a != b {
		t.Errorf("shared p = %v, copied p = %v", a, b)
	}
	if _, err := DecodeShared("SGTM\x01"); !errors.Is(err, ErrBadModel) {
		t.Errorf("truncated data: %v", err)
	}
}

func TestSoftmaxPicksTheLabel(t *testing.T) {
	ex := toyExamples(300)
	m := TrainSoftmax([]string{"ham", "scam"}, ex, TrainOptions{Bits: 12, Epochs: 3, LearningRate: 0.3, Seed: 2})
	p := m.Softmax(nil, Features(nil, view("you", "crypto", "profit")))
	if len(p) != 2 || p[1] < 0.8 || p[0]+p[1] < 0.999 || p[0]+p[1] > 1.001 {
		t.Errorf("softmax %v", p)
	}
}

func TestNaiveBayesBaselineLearns(t *testing.T) {
	m := TrainNaiveBayes("scam", toyExamples(300), 12, 1)
	if a, b := m.Probability(Features(nil, view("crypto", "profit"))), m.Probability(Features(nil, view("dinner", "mum"))); a <= b {
		t.Errorf("naive Bayes: scam %.2f <= ham %.2f", a, b)
	}
}

func TestDecodeRejectsGarbage(t *testing.T) {
	good := TrainLogistic("scam", toyExamples(50), TrainOptions{Bits: 10, Epochs: 1, LearningRate: 0.1, Seed: 1}).Encode()
	for name, b := range map[string][]byte{
		"empty": nil, "magic": []byte("NOPE1234"), "truncated": good[:len(good)-10],
		"version": append([]byte("SGTM\x09"), good[5:]...),
	} {
		if _, err := Decode(b); !errors.Is(err, ErrBadModel) {
			t.Errorf("%s: err %v", name, err)
		}
	}
}

// Contributions walks the view as Features does: the same shares as
// spreading each feature over the words Spans gives it.
func TestContributionsMatchSpans(t *testing.T) {
	m := TrainLogistic("scam", toyExamples(200), TrainOptions{Bits: 12, Epochs: 2, LearningRate: 0.2, Seed: 1})
	for _, v := range []*View{view("hello", "crypto", "profit"), view("a"), view("hi", "\x01", "are", "we", "still", "on", "for", "#")} {
		fs := Features(nil, v)
		got := m.Contributions(fs, v)
		want := spread(m, fs, Spans(v), len(v.Words))
		for k := range want {
			if math.Abs(got[k]-want[k]) > 1e-9 {
				t.Fatalf("%q: word %d: %v, want %v", v.S, k, got[k], want[k])
			}
		}
	}
}

// An eight-label model's raw scores (its own loop) are the weights' sums
// as for any other number of labels.
func TestRawOfEightLabels(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	labels := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	m := &Model{Labels: labels, Bits: 10, Scale: 0.01, Bias: make([]float32, 8), Weights: make([]int8, 8<<10)}
	for i := range m.Weights {
		m.Weights[i] = int8(rng.IntN(256) - 128)
	}
	fs := make([]uint32, 300)
	for i := range fs {
		fs[i] = rng.Uint32()
	}
	got := m.Raw(nil, fs)
	norm := float64(m.Scale) / math.Sqrt(float64(len(fs)))
	for c := range labels {
		sum := 0
		for _, h := range fs {
			sum += int(m.Weights[c<<10+int(h&(1<<10-1))])
		}
		if want := float64(sum) * norm; math.Abs(got[c]-want) > 1e-9 {
			t.Errorf("label %d: %v, want %v", c, got[c], want)
		}
	}
}

// A model records what it reads: its Inputs survive Encode and Decode, a
// file of format 1 reads as a model of every text feature, and flags
// this package does not know are refused.
func TestInputsRoundTrip(t *testing.T) {
	in := Inputs{WordsOnly: true, Classes: true}
	m := TrainLogistic("scam", toyExamples(50), TrainOptions{Bits: 10, Epochs: 1, LearningRate: 0.1, Seed: 1, Inputs: in})
	b := m.Encode()
	d, err := Decode(b)
	if err != nil || d.Inputs != in {
		t.Fatalf("decoded inputs %+v, %v; want %+v", d.Inputs, err, in)
	}
	v1 := append(append([]byte("SGTM\x01"), b[5]), b[7:]...) // format 1: no flags byte
	if d, err := Decode(v1); err != nil || d.Inputs != (Inputs{}) {
		t.Errorf("format 1: inputs %+v, %v", d.Inputs, err)
	}
	unknown := slices.Clone(b)
	unknown[6] |= 0x80
	if _, err := Decode(unknown); !errors.Is(err, ErrBadModel) {
		t.Errorf("unknown flags: %v", err)
	}
}

// A words-only model gives its weights to the words alone: the word
// features' shares, nothing of the character n-grams or of the classes
// that follow (they touch no word), while the norm counts every feature
// it reads.
func TestContributionsOfWordsOnly(t *testing.T) {
	m := TrainLogistic("scam", toyExamples(200), TrainOptions{Bits: 12, Epochs: 2, LearningRate: 0.2, Seed: 1})
	m.Inputs = Inputs{WordsOnly: true, Classes: true}
	v := view("hello", "crypto", "profit")
	fs := append(Features(nil, v)[:WordFeatures(v)], ClassFeature("s.money"), ClassFeature("x.relative"))
	for _, c := range fs[WordFeatures(v):] {
		m.Weights[c&m.mask()] = 90 // the classes weigh, and no word gets any of it
	}
	got := m.Contributions(fs, v)
	want := spread(m, fs, Spans(v)[:WordFeatures(v)], len(v.Words))
	for k := range want {
		if math.Abs(got[k]-want[k]) > 1e-9 {
			t.Fatalf("word %d: %v, want %v", k, got[k], want[k])
		}
	}
}

// spread is the oracle of Contributions: each of the first len(spans)
// features' weight in equal shares over the words its span touches, the
// norm counting every feature in fs.
func spread(m *Model, fs []uint32, spans [][2]int32, words int) []float64 {
	want := make([]float64, words)
	norm := float64(m.Scale) / math.Sqrt(float64(len(fs)))
	for i, sp := range spans {
		if sp[0] < 0 {
			continue
		}
		w := float64(m.Weights[fs[i]&m.mask()]) * norm / float64(sp[1]-sp[0]+1)
		for k := sp[0]; k <= sp[1]; k++ {
			want[k] += w
		}
	}
	return want
}

// A calibration example counts with the weight it was trained with:
// negatives weighing three times pull the probabilities down as three
// copies of them would.
func TestCalibrateWeighsExamples(t *testing.T) {
	z := []float64{-2, -1, 0, 1, 2, -1.5, 0.5, 1.5}
	y := []int{0, 0, 0, 1, 1, 0, 1, 1}
	once, thrice := &Model{}, &Model{}
	Calibrate(once, z, y, nil)
	var z3 []float64
	var y3 []int
	wt := make([]float64, len(z))
	for i := range z {
		wt[i] = 1
		if y[i] == 0 {
			wt[i] = 3
			for range 2 {
				z3, y3 = append(z3, z[i]), append(y3, 0)
			}
		}
	}
	Calibrate(thrice, z, y, wt)
	copies := &Model{}
	Calibrate(copies, append(z3, z...), append(y3, y...), nil)
	if thrice.PlattB >= once.PlattB {
		t.Errorf("weighted negatives: B = %.3f, want below the unweighted %.3f", thrice.PlattB, once.PlattB)
	}
	if d := float64(thrice.PlattB - copies.PlattB); d > 1e-3 || d < -1e-3 {
		t.Errorf("weight 3: B = %.4f; three copies: B = %.4f", thrice.PlattB, copies.PlattB)
	}
}
