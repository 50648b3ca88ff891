package io.chanflow.operators.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The trade memory with an exact in-process index in front of Chroma: queries are answered from memory in a few
 * milliseconds, whatever Chroma's latency, and keep being answered while Chroma is down.
 *
 * <p><b>Writes.</b> {@link #remember}/{@link #rememberAll} put each trade into memory first, then into Chroma through
 * {@link TradeMemory} (the system of record, which survives restarts). If Chroma fails, the trade stays in memory and
 * {@link TradeMemoryUnavailableException} tells the caller it was not persisted (storing it again is harmless: ids are
 * unique in both places).
 *
 * <p><b>Warm-up.</b> {@link #open} loads every stored trade from Chroma ({@link ChromaTradeReader}, pages of 1000), so
 * a restarted job does not start with an empty memory. Trades remembered while the load runs are kept (memory is
 * written before Chroma, so a trade the page scan misses is already in memory). If Chroma is down at open, the cache is
 * <i>cold</i>: a query then retries the load (at most once per {@code warmUpRetry}, default 5 s) and otherwise throws
 * {@link TradeMemoryUnavailableException}: a cold cache would silently answer from a partial history.
 *
 * <p><b>Index.</b> Unit-length copies of the vectors in one flat {@code float[]} ({@code dims} floats per trade), the
 * close times in a {@code long[]} and the trades in a parallel array, all sorted by close time. The as-of filter
 * {@code closedAt < asOf} is therefore a prefix: a binary search finds its end, then an exact cosine (dot product of
 * unit vectors) over the prefix feeds a bounded heap of {@code k}. Ties in similarity go to the smaller trade id, so
 * results are deterministic. Cost: O(log n + n·dims) per query, ~1-2 ms at 100k trades of 30 features on one core.
 *
 * <p><b>Memory bound.</b> At most {@code capacity} trades (default {@link #DEFAULT_CAPACITY} = 1,000,000): the vectors
 * take {@code 4 · dims} bytes each (1M × 30 floats = 120 MB), the trade records and the id index roughly 300-400 more
 * bytes each (~0.5 GB in all at 1M). When full, the trade with the oldest close time is evicted (it stays in Chroma);
 * a new trade older than everything in a full cache is not cached. After evictions the cache answers over the newest
 * {@code capacity} trades, Chroma over all of them: size the cap to the history the prompts should see.
 *
 * <p><b>Other writers.</b> Trades that other processes (other TaskManagers of the job) store in Chroma reach this
 * cache through {@link #refresh}: it reads the rows added to the collection since the last load (Chroma returns
 * records in the order they were added, so this is an offset into that order) and inserts the ones it does not have.
 * {@link #refreshEvery} runs it on a daemon thread; a failed refresh is counted and retried at the next tick.
 *
 * <p>Thread-safe: queries share a read lock, writes take the write lock.
 */
public final class CachedTradeMemory implements TradeRecall, AutoCloseable {

    public static final int DEFAULT_CAPACITY = 1_000_000;
    public static final Duration DEFAULT_WARM_UP_RETRY = Duration.ofSeconds(5);
    /** Warm-up pages carry 1000 vectors: they get at least this timeout, whatever the query timeout. */
    static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(10);

    private final TradeMemory chroma;
    private final ChromaTradeReader reader;
    private final int dims;
    private final int capacity;
    private final int maxSlots;
    private final long warmUpRetryNanos;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock warmUpLock = new ReentrantLock();
    private volatile boolean warm;
    private volatile long nextWarmUpNanos;

    // live entries are [head, end) of these arrays, sorted by closedAt
    private float[] vectors;
    private long[] closedAt;
    private ClosedTrade[] trades;
    private int head;
    private int end;
    private final Map<String, Long> ids = new HashMap<>();
    private long evicted;
    /** Rows of Chroma's storage order already read (warm-up and refreshes); guarded by {@code warmUpLock}. */
    private long chromaRows;
    private final AtomicLong refreshFailures = new AtomicLong();
    private volatile ScheduledExecutorService refresher;

    private CachedTradeMemory(TradeMemory chroma, ChromaTradeReader reader, int capacity, Duration warmUpRetry) {
        this.chroma = chroma;
        this.reader = reader;
        this.dims = chroma.settings().dimensions();
        this.capacity = capacity;
        this.maxSlots = capacity + Math.max(16, capacity / 16); // slack so eviction rarely compacts
        this.warmUpRetryNanos = warmUpRetry.toNanos();
        allocate(Math.min(maxSlots, 1024));
    }

    /** A cache of at most {@link #DEFAULT_CAPACITY} trades, warmed up from Chroma now (cold if Chroma is down). */
    public static CachedTradeMemory open(ChromaSettings settings) {
        return open(settings, DEFAULT_CAPACITY, DEFAULT_WARM_UP_RETRY);
    }

    /**
     * A cache of at most {@code capacity} trades over the collection of {@code settings}, warmed up from Chroma now;
     * if Chroma is down it starts cold and queries retry the warm-up at most once per {@code warmUpRetry}.
     */
    public static CachedTradeMemory open(ChromaSettings settings, int capacity, Duration warmUpRetry) {
        Objects.requireNonNull(settings, "settings");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        if (warmUpRetry.isNegative()) {
            throw new IllegalArgumentException("warmUpRetry must be >= 0, got " + warmUpRetry);
        }
        CachedTradeMemory m = new CachedTradeMemory(TradeMemory.open(settings),
                new ChromaTradeReader(ChromaTradeReader.withTimeoutAtLeast(settings, WARM_UP_TIMEOUT)), capacity,
                warmUpRetry);
        m.tryWarmUp();
        return m;
    }

    /** True once the stored trades have been loaded from Chroma. */
    public boolean isWarm() {
        return warm;
    }

    /** Trades in memory now (at most the capacity). */
    public int size() {
        lock.readLock().lock();
        try {
            return end - head;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Trades evicted from memory (oldest first) since open. */
    public long evicted() {
        lock.readLock().lock();
        try {
            return evicted;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Stores a closed trade in memory and in Chroma.
     *
     * @throws IllegalArgumentException the vector has the wrong length, a non-finite value, or is all zero
     * @throws TradeMemoryUnavailableException Chroma failed: the trade is in memory but not persisted
     */
    public void remember(ClosedTrade trade, float[] vector) {
        rememberAll(List.of(trade), List.of(vector));
    }

    /**
     * Stores many closed trades in memory and in Chroma ({@link TradeMemory#rememberAll}, batches of
     * {@link TradeMemory#BATCH}).
     *
     * @throws IllegalArgumentException different sizes or a bad vector (nothing is stored)
     * @throws TradeMemoryUnavailableException Chroma failed: the trades are in memory, some may not be persisted
     */
    public void rememberAll(List<ClosedTrade> trades, List<float[]> vectors) {
        if (trades.size() != vectors.size()) {
            throw new IllegalArgumentException(trades.size() + " trades but " + vectors.size() + " vectors");
        }
        List<float[]> units = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            Objects.requireNonNull(trades.get(i), "trades[" + i + "]");
            units.add(unit(vectors.get(i), "vectors[" + i + "]"));
        }
        lock.writeLock().lock();
        try {
            for (int i = 0; i < trades.size(); i++) {
                insert(trades.get(i), units.get(i));
            }
        } finally {
            lock.writeLock().unlock();
        }
        chroma.rememberAll(trades, vectors);
    }

    /**
     * The up to {@code k} trades nearest to {@code q} (cosine) among those with {@code closedAt < asOfEventTime},
     * nearest first, ties by trade id; answered from memory.
     *
     * @throws IllegalArgumentException {@code k < 1}, or a query of the wrong length, non-finite or zero
     * @throws TradeMemoryUnavailableException the cache is cold (never loaded) and Chroma is still unavailable
     */
    @Override
    public List<ClosedTrade> similar(float[] q, int k, long asOfEventTime) {
        return nearest(q, k, asOfEventTime).stream().map(TradeMemory.SimilarTrade::trade).toList();
    }

    /** {@link #similar} with the cosine similarity of each trade (as {@link TradeMemory#similar} reports it). */
    public List<TradeMemory.SimilarTrade> nearest(float[] q, int k, long asOfEventTime) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        float[] query = unit(q, "query");
        if (!warm && !tryWarmUpIfDue()) {
            throw new TradeMemoryUnavailableException("trade memory cache is cold (not yet loaded from chroma "
                    + chroma.settings().baseUrl() + ") and chroma is unavailable", null);
        }
        lock.readLock().lock();
        try {
            return search(query, k, firstAtOrAfter(asOfEventTime));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bounded min-heap of the best k over [head, to): the worst kept entry on top. */
    private List<TradeMemory.SimilarTrade> search(float[] q, int k, int to) {
        int cap = Math.min(k, to - head);
        float[] hs = new float[cap];
        int[] hi = new int[cap];
        int n = 0;
        for (int i = head; i < to; i++) {
            float s = 0;
            int base = i * dims;
            for (int d = 0; d < dims; d++) {
                s += q[d] * vectors[base + d];
            }
            if (n < cap) {
                hs[n] = s;
                hi[n] = i;
                siftUp(hs, hi, n++);
            } else if (better(s, i, hs[0], hi[0])) {
                hs[0] = s;
                hi[0] = i;
                siftDown(hs, hi, n);
            }
        }
        TradeMemory.SimilarTrade[] out = new TradeMemory.SimilarTrade[n];
        for (int j = n - 1; j >= 0; j--) { // pop the worst first: fill from the back
            out[j] = new TradeMemory.SimilarTrade(trades[hi[0]], hs[0]);
            hs[0] = hs[j];
            hi[0] = hi[j];
            siftDown(hs, hi, j);
        }
        return Arrays.asList(out);
    }

    /** a ranks before b: more similar, or as similar with the smaller id. */
    private boolean better(float sa, int a, float sb, int b) {
        return sa > sb || (sa == sb && trades[a].tradeId().compareTo(trades[b].tradeId()) < 0);
    }

    private void siftUp(float[] hs, int[] hi, int j) {
        while (j > 0) {
            int p = (j - 1) >>> 1;
            if (!better(hs[p], hi[p], hs[j], hi[j])) {
                return;
            }
            swap(hs, hi, p, j);
            j = p;
        }
    }

    private void siftDown(float[] hs, int[] hi, int n) {
        int j = 0;
        while (true) {
            int l = 2 * j + 1;
            if (l >= n) {
                return;
            }
            int worst = l + 1 < n && better(hs[l], hi[l], hs[l + 1], hi[l + 1]) ? l + 1 : l;
            if (!better(hs[j], hi[j], hs[worst], hi[worst])) {
                return;
            }
            swap(hs, hi, j, worst);
            j = worst;
        }
    }

    private static void swap(float[] hs, int[] hi, int a, int b) {
        float s = hs[a];
        hs[a] = hs[b];
        hs[b] = s;
        int i = hi[a];
        hi[a] = hi[b];
        hi[b] = i;
    }

    /** The first index in [head, end) with closedAt >= t (end if none): the end of the as-of prefix. */
    private int firstAtOrAfter(long t) {
        int lo = head;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (closedAt[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---- writes (under the write lock) ----

    private void insert(ClosedTrade trade, float[] unit) {
        if (ids.containsKey(trade.tradeId())) {
            return; // an at-least-once replay: one entry per id, as in Chroma
        }
        if (end - head == capacity) {
            if (trade.closedAt() < closedAt[head]) {
                evicted++;
                return; // older than everything in a full cache: it would be the first to go
            }
            evictOldest();
        }
        if (end == closedAt.length) {
            if (head > 0) {
                compact(closedAt.length);
            } else {
                compact(Math.min(maxSlots, 2 * closedAt.length));
            }
        }
        int at = firstAtOrAfter(trade.closedAt() + 1); // after every equal close time: appends stay appends
        if (at < end) {
            System.arraycopy(closedAt, at, closedAt, at + 1, end - at);
            System.arraycopy(trades, at, trades, at + 1, end - at);
            System.arraycopy(vectors, at * dims, vectors, (at + 1) * dims, (end - at) * dims);
        }
        closedAt[at] = trade.closedAt();
        trades[at] = trade;
        System.arraycopy(unit, 0, vectors, at * dims, dims);
        end++;
        ids.put(trade.tradeId(), trade.closedAt());
    }

    private void evictOldest() {
        ids.remove(trades[head].tradeId());
        trades[head] = null;
        head++;
        evicted++;
    }

    /** Moves the live entries to index 0 of arrays of {@code slots} entries. */
    private void compact(int slots) {
        float[] v = new float[slots * dims];
        long[] c = new long[slots];
        ClosedTrade[] t = new ClosedTrade[slots];
        int n = end - head;
        System.arraycopy(vectors, head * dims, v, 0, n * dims);
        System.arraycopy(closedAt, head, c, 0, n);
        System.arraycopy(trades, head, t, 0, n);
        vectors = v;
        closedAt = c;
        trades = t;
        head = 0;
        end = n;
    }

    private void allocate(int slots) {
        vectors = new float[slots * dims];
        closedAt = new long[slots];
        trades = new ClosedTrade[slots];
        head = 0;
        end = 0;
    }

    /** Merges loaded trades with the live ones in one sort (no per-trade shifting), keeping the newest capacity. */
    private void merge(List<ChromaTradeReader.Stored> loaded) {
        List<Integer> fresh = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < loaded.size(); i++) {
            ChromaTradeReader.Stored s = loaded.get(i);
            if (!ids.containsKey(s.trade().tradeId()) && seen.putIfAbsent(s.trade().tradeId(), i) == null
                    && s.vector().length == dims && isUsable(s.vector())) {
                fresh.add(i);
            }
        }
        int live = end - head;
        int total = live + fresh.size();
        ClosedTrade[] allT = new ClosedTrade[total];
        float[][] allV = new float[total][];
        for (int i = 0; i < live; i++) {
            allT[i] = trades[head + i];
            allV[i] = Arrays.copyOfRange(vectors, (head + i) * dims, (head + i + 1) * dims);
        }
        for (int j = 0; j < fresh.size(); j++) {
            ChromaTradeReader.Stored s = loaded.get(fresh.get(j));
            allT[live + j] = s.trade();
            allV[live + j] = unit(s.vector(), "stored vector of " + s.trade().tradeId());
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> allT[i].closedAt())
                .thenComparing(i -> allT[i].tradeId()));
        int keep = Math.min(capacity, total);
        int skip = total - keep;
        allocate(Math.min(maxSlots, Math.max(keep, Math.max(1024, keep + keep / 4))));
        ids.clear();
        for (int r = skip; r < total; r++) {
            int i = order[r];
            closedAt[end] = allT[i].closedAt();
            trades[end] = allT[i];
            System.arraycopy(allV[i], 0, vectors, end * dims, dims);
            ids.put(allT[i].tradeId(), allT[i].closedAt());
            end++;
        }
        evicted += skip;
    }

    // ---- warm-up ----

    private boolean tryWarmUpIfDue() {
        if (System.nanoTime() - nextWarmUpNanos < 0) {
            return false;
        }
        return tryWarmUp();
    }

    /** Loads Chroma's trades into memory; false (and cold) when Chroma is unavailable. Only one load at a time. */
    private boolean tryWarmUp() {
        if (!warmUpLock.tryLock()) {
            return warm;
        }
        try {
            if (warm) {
                return true;
            }
            List<ChromaTradeReader.Stored> loaded;
            try {
                loaded = reader.readAll();
            } catch (TradeMemoryUnavailableException e) {
                nextWarmUpNanos = System.nanoTime() + warmUpRetryNanos;
                return false;
            }
            lock.writeLock().lock();
            try {
                merge(loaded);
            } finally {
                lock.writeLock().unlock();
            }
            chromaRows = loaded.size();
            warm = true;
            return true;
        } finally {
            warmUpLock.unlock();
        }
    }

    // ---- other writers ----

    /**
     * Reads the trades added to Chroma since the last load or refresh and caches the ones not yet in memory (a cold
     * cache tries its warm-up instead).
     *
     * @return how many trades were added to memory
     * @throws TradeMemoryUnavailableException Chroma is down, slow or failing (nothing changes)
     */
    public int refresh() {
        if (!warm) {
            if (!tryWarmUp()) {
                throw new TradeMemoryUnavailableException("trade memory cache is cold and chroma "
                        + chroma.settings().baseUrl() + " is unavailable", null);
            }
            return size();
        }
        warmUpLock.lock();
        try {
            List<ChromaTradeReader.Stored> more = reader.readFrom(chromaRows);
            int added = 0;
            lock.writeLock().lock();
            try {
                for (ChromaTradeReader.Stored s : more) {
                    if (!ids.containsKey(s.trade().tradeId()) && s.vector().length == dims && isUsable(s.vector())) {
                        insert(s.trade(), unit(s.vector(), "stored vector of " + s.trade().tradeId()));
                        added++;
                    }
                }
            } finally {
                lock.writeLock().unlock();
            }
            chromaRows += more.size();
            return added;
        } finally {
            warmUpLock.unlock();
        }
    }

    /**
     * Runs {@link #refresh} every {@code period} on a daemon thread until {@link #close}; at most once per cache.
     * Failures are counted ({@link #refreshFailures}) and the next tick tries again.
     */
    public synchronized CachedTradeMemory refreshEvery(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("refresh period must be > 0, got " + period);
        }
        if (refresher == null) {
            ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "trade-memory-refresh " + chroma.settings().collection());
                t.setDaemon(true);
                return t;
            });
            long ms = period.toMillis();
            ex.scheduleWithFixedDelay(() -> {
                try {
                    refresh();
                } catch (RuntimeException e) {
                    refreshFailures.incrementAndGet();
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
            refresher = ex;
        }
        return this;
    }

    /** Background refreshes that failed (Chroma down, slow or failing) since open. */
    public long refreshFailures() {
        return refreshFailures.get();
    }

    /** Stops the background refresh; the memory stays readable. */
    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    // ---- vectors ----

    private static boolean isUsable(float[] v) {
        double n = 0;
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
            n += (double) f * f;
        }
        return n > 0;
    }

    /** A unit-length copy; the same rules as {@link TradeMemory} (length, finite, not all zero). */
    private float[] unit(float[] v, String name) {
        Objects.requireNonNull(v, name);
        if (v.length != dims) {
            throw new IllegalArgumentException(name + " must have " + dims + " dimensions, got " + v.length);
        }
        double n = 0;
        for (float f : v) {
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException(name + " must be finite, got " + Arrays.toString(v));
            }
            n += (double) f * f;
        }
        if (n == 0) {
            throw new IllegalArgumentException(name + " must not be all zero (no cosine distance)");
        }
        double norm = Math.sqrt(n);
        float[] out = new float[dims];
        for (int i = 0; i < dims; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
