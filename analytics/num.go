package analytics

import (
	"fmt"
	"math/big"
	"strconv"
)

// Num is a decimal with two places, held as hundredths and printed like PostgreSQL's
// numeric rounded to 2 places (60.00, 115.50, 0.00).
type Num int64

// MarshalJSON prints the number with exactly two decimals.
func (n Num) MarshalJSON() ([]byte, error) { return []byte(n.String()), nil }

// UnmarshalJSON reads a JSON number, rounded to hundredths.
func (n *Num) UnmarshalJSON(b []byte) error {
	r, ok := new(big.Rat).SetString(string(b))
	if !ok {
		return fmt.Errorf("analytics: not a number: %s", b)
	}
	*n = ratNum(r)
	return nil
}

// String renders the number with exactly two decimals.
func (n Num) String() string {
	v := int64(n)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	frac := strconv.FormatInt(v%100, 10)
	if len(frac) < 2 {
		frac = "0" + frac
	}
	return sign + strconv.FormatInt(v/100, 10) + "." + frac
}

// Float is the number as a float64 (for comparisons such as the latency score).
func (n Num) Float() float64 { return float64(n) / 100 }

// rate is 100·part/whole rounded half away from zero to 2 places; 0 when whole is 0.
// Integer arithmetic, so no float artefacts (spec/rpc.md §0.4).
func rate(part, whole int64) Num {
	if whole <= 0 || part < 0 {
		return 0
	}
	return Num((part*20000 + whole) / (2 * whole))
}

// ratNum rounds an exact rational half away from zero to 2 places.
func ratNum(r *big.Rat) Num {
	h := new(big.Rat).Mul(r, big.NewRat(100, 1))
	neg := h.Sign() < 0
	if neg {
		h.Neg(h)
	}
	q, m := new(big.Int).QuoRem(h.Num(), h.Denom(), new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).Cmp(h.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	v := q.Int64()
	if neg {
		v = -v
	}
	return Num(v)
}

// mean is sum/n rounded to 2 places; 0 when n is 0. The sum is taken exactly as given.
func mean(sum float64, n int64) Num {
	if n <= 0 {
		return 0
	}
	r := new(big.Rat).SetFloat64(sum)
	if r == nil { // NaN or Inf: cannot happen for stored latencies
		return 0
	}
	return ratNum(r.Quo(r, big.NewRat(n, 1)))
}

// histogram is a latency distribution: sorted distinct values (1 ms keys) and counts.
type histogram struct {
	values []int64
	counts []int64
	n      int64
}

// add counts one value v seen k times; values must arrive in ascending order or be
// merged with merge.
func (h *histogram) add(v, k int64) {
	if k <= 0 {
		return
	}
	if l := len(h.values); l > 0 && h.values[l-1] == v {
		h.counts[l-1] += k
	} else {
		h.values = append(h.values, v)
		h.counts = append(h.counts, k)
	}
	h.n += k
}

// merge folds o into h, keeping values sorted.
func (h *histogram) merge(o *histogram) {
	if o == nil || o.n == 0 {
		return
	}
	var out histogram
	i, j := 0, 0
	for i < len(h.values) || j < len(o.values) {
		switch {
		case j == len(o.values) || (i < len(h.values) && h.values[i] < o.values[j]):
			out.add(h.values[i], h.counts[i])
			i++
		case i == len(h.values) || o.values[j] < h.values[i]:
			out.add(o.values[j], o.counts[j])
			j++
		default:
			out.add(h.values[i], h.counts[i]+o.counts[j])
			i, j = i+1, j+1
		}
	}
	*h = out
}

// at returns the k-th smallest value (0-based).
func (h *histogram) at(k int64) int64 {
	for i, c := range h.counts {
		if k < c {
			return h.values[i]
		}
		k -= c
	}
	return h.values[len(h.values)-1]
}

// percentileCont is PostgreSQL's PERCENTILE_CONT(p/100) over the histogram, exact:
// position (p/100)·(n−1), linear interpolation between its neighbours; 0 when empty.
func (h *histogram) percentileCont(p int64) Num {
	if h.n == 0 {
		return 0
	}
	pos := big.NewRat(p*(h.n-1), 100)
	lo := new(big.Int).Quo(pos.Num(), pos.Denom()).Int64()
	frac := new(big.Rat).Sub(pos, big.NewRat(lo, 1))
	vlo := h.at(lo)
	if frac.Sign() == 0 {
		return Num(vlo * 100)
	}
	vhi := h.at(lo + 1)
	r := new(big.Rat).Mul(frac, big.NewRat(vhi-vlo, 1))
	return ratNum(r.Add(r, big.NewRat(vlo, 1)))
}
