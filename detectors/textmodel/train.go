package textmodel

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Example is one training text: its features' hashes, its label (the
// index in the model's labels; for a logistic model 1 is positive) and a
// weight.
type Example struct {
	Hashes []uint32
	Label  int
	Weight float64
}

// TrainOptions set the optimiser. The same examples in the same order
// with the same options give the same model, bit for bit.
type TrainOptions struct {
	Bits         uint8
	Epochs       int
	LearningRate float64
	L2           float64
	Seed         uint64
	// Inputs are recorded in the model: what its examples' hashes hold.
	Inputs Inputs
}

// trainer holds float weights during training.
type trainer struct {
	bits    uint8
	classes int
	w       []float64 // classes << bits
	g2      []float64 // AdaGrad accumulators
	bias    []float64
	bg2     []float64
}

func newTrainer(bits uint8, classes int) *trainer {
	return &trainer{bits: bits, classes: classes,
		w: make([]float64, classes<<bits), g2: make([]float64, classes<<bits),
		bias: make([]float64, classes), bg2: make([]float64, classes)}
}

func (t *trainer) raw(c int, hs []uint32) float64 {
	if len(hs) == 0 {
		return t.bias[c]
	}
	mask := uint32(1)<<t.bits - 1
	base := c << t.bits
	sum := 0.0
	for _, h := range hs {
		sum += t.w[base+int(h&mask)]
	}
	return t.bias[c] + float64(sum/math.Sqrt(float64(len(hs))))
}

// step applies one AdaGrad update of class c with error err.
func (t *trainer) step(c int, hs []uint32, err, lr, l2 float64) {
	mask := uint32(1)<<t.bits - 1
	base := c << t.bits
	x := 1 / math.Sqrt(float64(max(len(hs), 1)))
	for _, h := range hs {
		i := base + int(h&mask)
		g := float64(err*x) + float64(l2*t.w[i])
		t.g2[i] += float64(g * g)
		t.w[i] -= float64(lr*g) / (math.Sqrt(t.g2[i]) + 1e-8)
	}
	t.bg2[c] += float64(err * err)
	t.bias[c] -= float64(lr*err) / (math.Sqrt(t.bg2[c]) + 1e-8)
}

func order(n int, seed uint64, epoch int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	r := rand.New(rand.NewPCG(seed, uint64(epoch)))
	r.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	return idx
}

// TrainLogistic trains a one-label logistic model (Label 1 positive, 0
// negative). Platt scaling is left at A=1, B=0: see Calibrate.
func TrainLogistic(label string, ex []Example, o TrainOptions) *Model {
	t := newTrainer(o.Bits, 1)
	for e := 0; e < o.Epochs; e++ {
		lr := o.LearningRate / (1 + float64(e)*0.5)
		for _, i := range order(len(ex), o.Seed, e) {
			x := &ex[i]
			p := Sigmoid(t.raw(0, x.Hashes))
			err := (p - float64(x.Label)) * weightOf(x)
			t.step(0, x.Hashes, err, lr, o.L2)
		}
	}
	m := t.quantize([]string{label})
	m.PlattA, m.PlattB = 1, 0
	m.Inputs = o.Inputs
	return m
}

// TrainSoftmax trains a model over labels; Example.Label indexes labels.
func TrainSoftmax(labels []string, ex []Example, o TrainOptions) *Model {
	t := newTrainer(o.Bits, len(labels))
	z := make([]float64, len(labels))
	for e := 0; e < o.Epochs; e++ {
		lr := o.LearningRate / (1 + float64(e)*0.5)
		for _, i := range order(len(ex), o.Seed, e) {
			x := &ex[i]
			mx := math.Inf(-1)
			for c := range labels {
				z[c] = t.raw(c, x.Hashes)
				mx = math.Max(mx, z[c])
			}
			sum := 0.0
			for c := range labels {
				z[c] = math.Exp(z[c] - mx)
				sum += z[c]
			}
			for c := range labels {
				y := 0.0
				if c == x.Label {
					y = 1
				}
				t.step(c, x.Hashes, (z[c]/sum-y)*weightOf(x), lr, o.L2)
			}
		}
	}
	m := t.quantize(labels)
	m.PlattA, m.PlattB = 1, 0
	m.Inputs = o.Inputs
	return m
}

func weightOf(x *Example) float64 {
	if x.Weight == 0 {
		return 1
	}
	return x.Weight
}

// quantize turns the float weights into int8 with one scale: the 99.99th
// percentile of |w| maps to 127 (the few larger weights are clipped).
func (t *trainer) quantize(labels []string) *Model {
	abs := make([]float64, 0, len(t.w))
	for _, w := range t.w {
		if w != 0 {
			abs = append(abs, math.Abs(w))
		}
	}
	sort.Float64s(abs)
	top := 1.0
	if len(abs) > 0 {
		top = abs[min(len(abs)-1, int(float64(len(abs))*0.9999))]
	}
	if top == 0 {
		top = 1
	}
	scale := top / 127
	m := &Model{Labels: labels, Bits: t.bits, Scale: float32(scale), Weights: make([]int8, len(t.w))}
	for i, w := range t.w {
		q := math.Round(w / scale)
		m.Weights[i] = int8(math.Max(-127, math.Min(127, q)))
	}
	for _, b := range t.bias {
		m.Bias = append(m.Bias, float32(b))
	}
	return m
}

// Calibrate fits Platt scaling (p = sigmoid(A·z + B)) of a logistic model
// to held-out raw scores z and labels y, by Newton's method on the
// log-loss with Platt's smoothed targets. Each example counts with its
// weight wt[i] (nil, or 0: 1), the weight it was trained with: a
// calibration that counted every ordinary text once while training
// counted it three times undid part of what the weight asked for, and
// more so the more ordinary texts there were.
func Calibrate(m *Model, z []float64, y []int, wt []float64) {
	weight := func(i int) float64 {
		if wt == nil || wt[i] == 0 {
			return 1
		}
		return wt[i]
	}
	var pos, neg float64
	for i, v := range y {
		if v == 1 {
			pos += weight(i)
		} else {
			neg += weight(i)
		}
	}
	hi, lo := (pos+1)/(pos+2), 1/(neg+2)
	a, b := 1.0, 0.0
	for it := 0; it < 100; it++ {
		var g0, g1, h00, h01, h11 float64
		for i, zi := range z {
			t := lo
			if y[i] == 1 {
				t = hi
			}
			p := Sigmoid(a*zi + b)
			d := (p - t) * weight(i)
			w := math.Max(p*(1-p), 1e-12) * weight(i)
			g0 += d * zi
			g1 += d
			h00 += w * zi * zi
			h01 += w * zi
			h11 += w
		}
		h00 += 1e-9
		h11 += 1e-9
		det := h00*h11 - h01*h01
		if det == 0 {
			break
		}
		da := (h11*g0 - h01*g1) / det
		db := (h00*g1 - h01*g0) / det
		a -= da
		b -= db
		if math.Abs(da) < 1e-9 && math.Abs(db) < 1e-9 {
			break
		}
	}
	m.PlattA, m.PlattB = float32(a), float32(b)
}

// TrainNaiveBayes trains the baseline the logistic model must beat: a
// multinomial naive Bayes over the same hashed features (log-count
// ratios with add-alpha smoothing), as a one-label model.
func TrainNaiveBayes(label string, ex []Example, bits uint8, alpha float64) *Model {
	size := 1 << bits
	mask := uint32(size - 1)
	pos, neg := make([]float64, size), make([]float64, size)
	var npos, nneg, docPos, docNeg float64
	for i := range ex {
		x := &ex[i]
		for _, h := range x.Hashes {
			if x.Label == 1 {
				pos[h&mask]++
				npos++
			} else {
				neg[h&mask]++
				nneg++
			}
		}
		if x.Label == 1 {
			docPos++
		} else {
			docNeg++
		}
	}
	t := newTrainer(bits, 1)
	for i := range t.w {
		t.w[i] = math.Log((pos[i]+alpha)/(npos+alpha*float64(size))) - math.Log((neg[i]+alpha)/(nneg+alpha*float64(size)))
	}
	t.bias[0] = math.Log((docPos + 1) / (docNeg + 1))
	m := t.quantize([]string{label})
	m.PlattA, m.PlattB = 1, 0
	return m
}
