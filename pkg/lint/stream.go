package lint

import (
	"runtime"
	"unsafe"
)

// Checked is one address as a Stream hands it back, with its findings in
// rule order. It and everything it holds are valid only during the call.
type Checked struct {
	Text     string
	Location Location
	Findings []Finding
	// Own counts the findings, first in Findings, of rules that judge the
	// address on its own; those after them come from batch rules that
	// judge it against the addresses before it (a repeat).
	Own int
}

// Stream runs the per-address checks of an Engine on several goroutines
// and hands each address back, with its findings, in input order; the
// batch rules see the addresses in that order too. One goroutine feeds a
// stream (Check, Do, Close).
//
// deliver, and the functions given to Do, run one at a time in input
// order, on a goroutine of the stream's choosing: they must not share
// unguarded state with the feeding goroutine. All have run when Close
// returns.
//
// A run shorter than one batch is checked on the feeding goroutine at
// Close, so that a short run starts no goroutine.
type Stream struct {
	e       *Engine
	deliver func(*Checked)
	workers int
	all     bool // deliver addresses without findings too

	cur     *batch
	started bool
	checked Checked     // what deliver gets, reused
	judged  []Finding   // the ordered batch rules' findings of an address, reused
	joined  []Finding   // an address's own findings and those, reused
	work    chan *batch // to the workers
	order   chan *batch // to the delivery goroutine, in input order
	free    chan *batch
	done    chan struct{}
}

// Batch limits: a batch is sent on when it holds batchAddresses addresses
// or batchBytes bytes of them, whichever comes first.
const (
	batchAddresses = 1024
	batchBytes     = 64 << 10
	// A job's batch is given room for batchRoom addresses, as many as a
	// job usually finds; a batch is not reused when it had to hold more
	// than 4*batchRoom.
	batchRoom = 2048
	// batchesAhead bounds the batches between the feeder and delivery, and
	// so the memory a slow consumer can make the stream hold (about 200 KB
	// a batch). Delivery and the workers go at uneven paces; 16 batches
	// let a core idle less than 8 did (a million addresses: 107 to 103 ms,
	// peak memory unchanged), 32 no less than 16.
	batchesAhead = 16
	// workLow is how few queued batches make a worker yield its CPU after
	// each batch. Go runs a goroutine woken by a channel operation only
	// once the running one blocks or yields, and the workers never block
	// while there is work: the feeder, woken as they take batches, waited
	// to run until the queue was empty, and then the workers waited for
	// it (a tenth of the run on a million addresses). Yielding after every
	// batch costs more than it gains (3% more CPU); yielding when fewer
	// than 8 of the 16 batches are queued took the run from 100 to 96 ms
	// (2 or 4 gained less).
	workLow = 8
)

// batch is a run of consecutive addresses, queued one by one or found by a
// job, and their results.
type batch struct {
	text    []byte  // queued addresses, one after another
	ends    []int32 // where each queued address ends in text
	job     Job
	release func()
	locs    []Location
	calls   []call
	// Per address, once checked: its subject for the batch rules, and where
	// its findings end in findings.
	subjects []Subject
	findings []Finding
	fends    []int32
	ready    chan struct{}
	// With DNS evidence, the addresses found first (see processAhead).
	found []foundAddress
}

// foundAddress is an address found before it is checked: where its '@'
// is when it is plain (else 0), and its domain's result (nil when it has
// no domain).
type foundAddress struct {
	raw string
	at  int
	res *domainResult
}

// Job finds addresses on a worker goroutine: it calls check for each, in
// order (raw may be a view of the job's own data), and do for a function
// to run in order among them, as Stream.Do. An at above 0 tells that raw
// is a plain address (address.SplitPlain) whose '@' is at at, which the
// job has found out already; 0 leaves it to the check.
type Job func(check func(raw string, at int, loc Location), do func(fn func()))

// call is a function given to Do, run before the address numbered before.
type call struct {
	before int
	fn     func()
}

// StreamOptions configure a Stream.
type StreamOptions struct {
	// Workers is the number of goroutines that check addresses; 0 means
	// one per CPU.
	Workers int
	// All delivers every address; otherwise only those with findings are.
	All bool
}

// Stream starts a stream over the engine.
func (e *Engine) Stream(o StreamOptions, deliver func(*Checked)) *Stream {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return &Stream{e: e, deliver: deliver, workers: o.Workers, all: o.All}
}

// Check queues one address found at loc. raw is copied: it may be a view
// of a buffer the caller reuses.
func (s *Stream) Check(raw string, loc Location) {
	b := s.batch()
	b.text = append(b.text, raw...)
	b.ends = append(b.ends, int32(len(b.text)))
	b.locs = append(b.locs, loc)
	if len(b.ends) >= batchAddresses || len(b.text) >= batchBytes {
		s.send()
	}
}

// Go queues a job, which runs on a worker goroutine; its addresses are
// delivered after those queued before it. release, if not nil, is called
// once they are delivered and the batch rules have seen them, when the
// job's data may be reused.
func (s *Stream) Go(job Job, release func()) {
	if s.cur != nil {
		s.send()
	}
	b := s.batch()
	b.job, b.release = job, release
	s.send()
}

// Do queues fn to run in input order, after the addresses queued before
// it are delivered: for reading problems, reported where they occur.
func (s *Stream) Do(fn func()) {
	b := s.batch()
	b.calls = append(b.calls, call{len(b.ends), fn})
}

// Close delivers everything queued and waits for the stream's goroutines.
func (s *Stream) Close() {
	if !s.started {
		if b := s.cur; b != nil {
			s.cur = nil
			process(s.e, b)
			s.deliverBatch(b)
		}
		return
	}
	if s.cur != nil {
		s.send()
	}
	close(s.work)
	close(s.order)
	<-s.done
}

func (s *Stream) batch() *batch {
	if s.cur == nil {
		select {
		case b := <-s.free:
			s.cur = b
		default:
			s.cur = &batch{ready: make(chan struct{}, 1)}
		}
	}
	return s.cur
}

// send hands the current batch to the workers, starting them on first use.
func (s *Stream) send() {
	if !s.started {
		s.start()
	}
	b := s.cur
	s.cur = nil
	s.order <- b
	s.work <- b
}

func (s *Stream) start() {
	s.started = true
	s.work = make(chan *batch, batchesAhead)
	s.order = make(chan *batch, batchesAhead)
	s.free = make(chan *batch, batchesAhead+s.workers+2)
	s.done = make(chan struct{})
	for range s.workers {
		go func() {
			for b := range s.work {
				process(s.e, b)
				b.ready <- struct{}{}
				if len(s.work) < workLow {
					// The feeder, which receiving from s.work woke, runs
					// only when a worker yields its CPU or blocks: yield
					// before the queue runs dry, not after.
					runtime.Gosched()
				}
			}
		}()
	}
	go func() {
		defer close(s.done)
		for b := range s.order {
			<-b.ready
			s.deliverBatch(b)
			s.recycle(b)
		}
	}()
}

// process checks every address of a batch.
func process(e *Engine, b *batch) {
	b.subjects, b.findings, b.fends = b.subjects[:0], b.findings[:0], b.fends[:0]
	if e.ev != nil {
		processAhead(e, b)
		return
	}
	if b.job != nil {
		b.makeRoom()
		b.job(func(raw string, at int, loc Location) {
			b.locs = append(b.locs, loc)
			b.check(e, raw, at, nil, &b.locs[len(b.locs)-1])
		}, func(fn func()) {
			b.calls = append(b.calls, call{len(b.subjects), fn})
		})
		return
	}
	start := int32(0)
	for i, end := range b.ends {
		b.check(e, view(b.text[start:end]), 0, nil, &b.locs[i])
		start = end
	}
}

// makeRoom gives a job's batch room for its addresses from the start:
// growing to it would copy them several times.
func (b *batch) makeRoom() {
	if cap(b.subjects) < batchRoom {
		b.locs = make([]Location, 0, batchRoom)
		b.subjects = make([]Subject, 0, batchRoom)
		b.fends = make([]int32, 0, batchRoom)
	}
}

// processAhead checks a batch when the engine gathers DNS evidence. It
// checks each address as it is found while its domain's evidence is in
// (a domain known before, or answered from the cache at once); from the
// first address whose domain is still being looked up, it only finds the
// addresses and their domains, which starts the lookups of every new
// domain of the rest of the batch at once, and checks them at the end,
// each waiting for its domain's answer: the batch waits for its slowest
// lookup, not for the sum of them.
func processAhead(e *Engine, b *batch) {
	b.found = b.found[:0]
	deferred := false
	add := func(raw string, at int, loc *Location) {
		at, res := e.prefetch(raw, at)
		if !deferred && (res == nil || res.dns == nil || res.dns.settled()) {
			b.check(e, raw, at, res, loc)
			return
		}
		deferred = true
		b.found = append(b.found, foundAddress{raw, at, res})
	}
	if b.job != nil {
		b.makeRoom()
		b.job(func(raw string, at int, loc Location) {
			b.locs = append(b.locs, loc)
			add(raw, at, &b.locs[len(b.locs)-1])
		}, func(fn func()) {
			b.calls = append(b.calls, call{len(b.locs), fn})
		})
	} else {
		start := int32(0)
		for i, end := range b.ends {
			add(view(b.text[start:end]), 0, &b.locs[i])
			start = end
		}
	}
	first := len(b.subjects)
	for i := range b.found {
		f := &b.found[i]
		b.check(e, f.raw, f.at, f.res, &b.locs[first+i])
	}
	clear(b.found)
}

func (b *batch) check(e *Engine, raw string, at int, res *domainResult, loc *Location) {
	n := len(b.subjects)
	if n == cap(b.subjects) {
		b.subjects = append(b.subjects, Subject{})
	}
	b.subjects = b.subjects[:n+1] // check writes the whole subject
	b.findings = e.check(raw, at, res, loc, &b.subjects[n], b.findings)
	b.fends = append(b.fends, int32(len(b.findings)))
}

// deliverBatch hands a checked batch on in order and lets the batch rules
// observe it.
func (s *Stream) deliverBatch(b *batch) {
	e := s.e
	calls := b.calls
	from := int32(0)
	for i := range b.subjects {
		for len(calls) > 0 && calls[0].before == i {
			calls[0].fn()
			calls = calls[1:]
		}
		fs := b.findings[from:b.fends[i]:b.fends[i]]
		from = b.fends[i]
		own := len(fs)
		// The ordered batch rules' findings come after the address's own
		// (copied only when there are some).
		var alone int
		if s.judged, alone = e.see(&b.subjects[i], &b.locs[i], s.judged[:0]); len(s.judged) > 0 {
			own += alone
			s.joined = append(append(s.joined[:0], fs...), s.judged...)
			fs = s.joined
		}
		if len(fs) == 0 && !s.all {
			continue
		}
		for j := range fs {
			e.count(&fs[j])
		}
		s.checked = Checked{Text: b.subjects[i].Raw, Location: b.locs[i], Findings: fs, Own: own}
		s.deliver(&s.checked)
	}
	for _, c := range calls {
		c.fn()
	}
	e.stats.Addresses += len(b.subjects)
}

// recycle empties a delivered batch for reuse. A batch that grew past its
// usual size for a few giant addresses is left to the collector.
func (s *Stream) recycle(b *batch) {
	if b.release != nil {
		b.release()
		b.release = nil
	}
	if cap(b.text) > 4*batchBytes || cap(b.subjects) > 4*batchRoom {
		return
	}
	// The subjects are not cleared: checking writes each one whole, and
	// what a pooled batch still points to is bounded by the pool (clearing
	// them cost delivery 10 µs a batch).
	clear(b.findings)
	clear(b.calls)
	b.job = nil
	b.text, b.ends, b.locs, b.calls = b.text[:0], b.ends[:0], b.locs[:0], b.calls[:0]
	select {
	case s.free <- b:
	default:
	}
}

// view returns b as a string without copying it: the batch's text is not
// written again until the batch is recycled, after delivery.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
