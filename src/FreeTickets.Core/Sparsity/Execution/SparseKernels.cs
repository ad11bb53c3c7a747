using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FreeTickets.Core.Sparsity.Execution;

/// <summary>The SIMD widths the sparse kernels can run at.</summary>
public enum KernelLanes
{
    /// <summary>One float at a time.</summary>
    Scalar,

    /// <summary>8 floats (AVX2 with FMA).</summary>
    Avx2,

    /// <summary>16 floats (AVX-512F).</summary>
    Avx512,
}

/// <summary>
/// The two kernels of sparse fully connected layers, on row-major float32 memory whose rows are batch vectors
/// (the layer works on transposed activations, [features, batch], so that every active weight multiplies a contiguous
/// batch vector):
/// <list type="bullet">
/// <item><see cref="GatherRows"/>: Y[r, :] = bias[r] + sum over the entries k of row r of W[widx[k]] * X[idx[k], :]
/// (the forward pass with the weight's rows; the input gradient with its columns).</item>
/// <item><see cref="SampledDot"/>: G[widx[k]] = A[r, :] . X[idx[k], :] for every entry k of row r (the weight gradient at
/// the active positions only, a sampled dense-dense product).</item>
/// </list>
/// Both are generic over the SIMD width (<see cref="ILanes{TSelf, TVector}"/>): AVX-512 where the CPU has it, else AVX2,
/// else scalar. Rows are split into contiguous blocks over <c>threads</c> workers; each output row is written by one
/// worker, so the result does not depend on the thread count.
/// </summary>
public static unsafe class SparseKernels
{
    /// <summary>Below this many multiply-adds a call stays on one thread (a fork costs more than it saves).</summary>
    private const long ParallelWork = 1 << 16;

    /// <summary>The widest SIMD width this CPU runs.</summary>
    public static KernelLanes Best { get; } =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? KernelLanes.Avx512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? KernelLanes.Avx2
        : KernelLanes.Scalar;

    /// <summary>The width the kernels run at (tests and benchmarks pick narrower ones; never wider than <see cref="Best"/>).</summary>
    public static KernelLanes Lanes { get; set; } = Best;

    /// <summary>
    /// Y[r, :] = (bias?[r] ?? 0) + sum_{k in [ptr[r], ptr[r+1])} w[widx[k]] * X[idx[k], :] for r in [0, rows); rows of X
    /// and Y have <paramref name="width"/> floats.
    /// </summary>
    public static void GatherRows(int rows, int* ptr, int* idx, int* widx, float* w, float* bias, float* x, float* y, int width, int threads)
    {
        var job = new GatherJob((nint)ptr, (nint)idx, (nint)widx, (nint)w, (nint)bias, (nint)x, (nint)y, width);
        Split(rows, (long)ptr[rows] * width, threads, job.Run);
    }

    /// <summary>
    /// g[widx[k]] = A[r, :] . X[idx[k], :] for every entry k of every row r in [0, rows); with <paramref name="widx"/> null,
    /// g[k] (a compact gradient, in the pattern's entry order).
    /// </summary>
    public static void SampledDot(int rows, int* ptr, int* idx, int* widx, float* a, float* x, float* g, int width, int threads)
    {
        var job = new DotJob((nint)ptr, (nint)idx, (nint)widx, (nint)a, (nint)x, (nint)g, width);
        Split(rows, (long)ptr[rows] * width, threads, job.Run);
    }

    private static void Split(int rows, long work, int threads, Action<int, int> run)
    {
        var workers = Math.Min(threads, rows);
        if (workers <= 1 || work < ParallelWork)
        {
            run(0, rows);
            return;
        }

        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
            run((int)((long)rows * i / workers), (int)((long)rows * (i + 1) / workers)));
    }

    private sealed class GatherJob(nint ptr, nint idx, nint widx, nint w, nint bias, nint x, nint y, int width)
    {
        public void Run(int first, int end)
        {
            switch (Lanes)
            {
                case KernelLanes.Avx512:
                    Gather<Lanes512, Vector512<float>>(first, end, (int*)ptr, (int*)idx, (int*)widx, (float*)w, (float*)bias, (float*)x, (float*)y, width);
                    break;
                case KernelLanes.Avx2:
                    Gather<Lanes256, Vector256<float>>(first, end, (int*)ptr, (int*)idx, (int*)widx, (float*)w, (float*)bias, (float*)x, (float*)y, width);
                    break;
                default:
                    Gather<Lanes1, float>(first, end, (int*)ptr, (int*)idx, (int*)widx, (float*)w, (float*)bias, (float*)x, (float*)y, width);
                    break;
            }
        }
    }

    private sealed class DotJob(nint ptr, nint idx, nint widx, nint a, nint x, nint g, int width)
    {
        public void Run(int first, int end)
        {
            switch (Lanes)
            {
                case KernelLanes.Avx512:
                    Dot<Lanes512, Vector512<float>>(first, end, (int*)ptr, (int*)idx, (int*)widx, (float*)a, (float*)x, (float*)g, width);
                    break;
                case KernelLanes.Avx2:
                    Dot<Lanes256, Vector256<float>>(first, end, (int*)ptr, (int*)idx, (int*)widx, (float*)a, (float*)x, (float*)g, width);
                    break;
                default:
                    Dot<Lanes1, float>(first, end, (int*)ptr, (int*)idx, (int*)widx, (float*)a, (float*)x, (float*)g, width);
                    break;
            }
        }
    }

    private static void Gather<TL, TV>(int first, int end, int* ptr, int* idx, int* widx, float* w, float* bias, float* x, float* y, int width)
        where TL : struct, ILanes<TL, TV>
        where TV : struct
    {
        for (var r = first; r < end; r++)
        {
            GatherRow<TL, TV>(y + ((long)r * width), bias is null ? 0f : bias[r], ptr[r], ptr[r + 1], idx, widx, w, x, width);
        }
    }

    /// <summary>One output row from the entries [k0, k1), starting from the bias.</summary>
    private static void GatherRow<TL, TV>(float* yr, float start, int k0, int k1, int* idx, int* widx, float* w, float* x, int width)
        where TL : struct, ILanes<TL, TV>
        where TV : struct
    {
        var n = TL.Count;
        {
            var c = 0;

            // Eight vectors of the batch per pass over the row's entries: 8 independent multiply-add chains, enough to
            // hide the multiply-add latency (a 128-example batch is one pass with AVX-512).
            for (; c + (8 * n) <= width; c += 8 * n)
            {
                var yc = yr + c;
                TV a0 = TL.Broadcast(start), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                for (var k = k0; k < k1; k++)
                {
                    var wk = TL.Broadcast(w[widx[k]]);
                    var xr = x + ((long)idx[k] * width) + c;
                    a0 = TL.MulAdd(wk, TL.Load(xr), a0);
                    a1 = TL.MulAdd(wk, TL.Load(xr + n), a1);
                    a2 = TL.MulAdd(wk, TL.Load(xr + (2 * n)), a2);
                    a3 = TL.MulAdd(wk, TL.Load(xr + (3 * n)), a3);
                    a4 = TL.MulAdd(wk, TL.Load(xr + (4 * n)), a4);
                    a5 = TL.MulAdd(wk, TL.Load(xr + (5 * n)), a5);
                    a6 = TL.MulAdd(wk, TL.Load(xr + (6 * n)), a6);
                    a7 = TL.MulAdd(wk, TL.Load(xr + (7 * n)), a7);
                }

                TL.Store(a0, yc);
                TL.Store(a1, yc + n);
                TL.Store(a2, yc + (2 * n));
                TL.Store(a3, yc + (3 * n));
                TL.Store(a4, yc + (4 * n));
                TL.Store(a5, yc + (5 * n));
                TL.Store(a6, yc + (6 * n));
                TL.Store(a7, yc + (7 * n));
            }

            for (; c + (4 * n) <= width; c += 4 * n)
            {
                TV a0 = TL.Broadcast(start), a1 = a0, a2 = a0, a3 = a0;
                for (var k = k0; k < k1; k++)
                {
                    var wk = TL.Broadcast(w[widx[k]]);
                    var xr = x + ((long)idx[k] * width) + c;
                    a0 = TL.MulAdd(wk, TL.Load(xr), a0);
                    a1 = TL.MulAdd(wk, TL.Load(xr + n), a1);
                    a2 = TL.MulAdd(wk, TL.Load(xr + (2 * n)), a2);
                    a3 = TL.MulAdd(wk, TL.Load(xr + (3 * n)), a3);
                }

                TL.Store(a0, yr + c);
                TL.Store(a1, yr + c + n);
                TL.Store(a2, yr + c + (2 * n));
                TL.Store(a3, yr + c + (3 * n));
            }

            for (; c + n <= width; c += n)
            {
                var a0 = TL.Broadcast(start);
                for (var k = k0; k < k1; k++)
                {
                    a0 = TL.MulAdd(TL.Broadcast(w[widx[k]]), TL.Load(x + ((long)idx[k] * width) + c), a0);
                }

                TL.Store(a0, yr + c);
            }

            // Columns left over (all of them for a batch of one): four sums over alternating entries, so that the loop is
            // not held to one multiply-add per latency.
            for (; c < width; c++)
            {
                float a0 = start, a1 = 0f, a2 = 0f, a3 = 0f;
                var k = k0;
                for (; k + 4 <= k1; k += 4)
                {
                    a0 = MathF.FusedMultiplyAdd(w[widx[k]], x[((long)idx[k] * width) + c], a0);
                    a1 = MathF.FusedMultiplyAdd(w[widx[k + 1]], x[((long)idx[k + 1] * width) + c], a1);
                    a2 = MathF.FusedMultiplyAdd(w[widx[k + 2]], x[((long)idx[k + 2] * width) + c], a2);
                    a3 = MathF.FusedMultiplyAdd(w[widx[k + 3]], x[((long)idx[k + 3] * width) + c], a3);
                }

                for (; k < k1; k++)
                {
                    a0 = MathF.FusedMultiplyAdd(w[widx[k]], x[((long)idx[k] * width) + c], a0);
                }

                yr[c] = (a0 + a1) + (a2 + a3);
            }
        }
    }

    private static void Dot<TL, TV>(int first, int end, int* ptr, int* idx, int* widx, float* a, float* x, float* g, int width)
        where TL : struct, ILanes<TL, TV>
        where TV : struct
    {
        for (var r = first; r < end; r++)
        {
            if (ptr[r] < ptr[r + 1])
            {
                DotRow<TL, TV>(a + ((long)r * width), ptr[r], ptr[r + 1], idx, widx, x, g, width);
            }
        }
    }

    private static void DotRow<TL, TV>(float* ar, int k0, int k1, int* idx, int* widx, float* x, float* g, int width)
        where TL : struct, ILanes<TL, TV>
        where TV : struct
    {
        var n = TL.Count;
        var sums = stackalloc float[4];
        {
            var c = 0;

            // Chunks of eight vectors: the row of A stays in registers while every entry of the row reads its row of X;
            // the entries are independent, so their multiply-add chains overlap. Four entries share one reduction tree.
            for (; c + (8 * n) <= width; c += 8 * n)
            {
                var ac = ar + c;
                TV d0 = TL.Load(ac), d1 = TL.Load(ac + n), d2 = TL.Load(ac + (2 * n)), d3 = TL.Load(ac + (3 * n));
                TV d4 = TL.Load(ac + (4 * n)), d5 = TL.Load(ac + (5 * n)), d6 = TL.Load(ac + (6 * n)), d7 = TL.Load(ac + (7 * n));
                var k = k0;
                for (; k + 4 <= k1; k += 4)
                {
                    var s0 = Chunk<TL, TV>(d0, d1, d2, d3, d4, d5, d6, d7, x + ((long)idx[k] * width) + c, n);
                    var s1 = Chunk<TL, TV>(d0, d1, d2, d3, d4, d5, d6, d7, x + ((long)idx[k + 1] * width) + c, n);
                    var s2 = Chunk<TL, TV>(d0, d1, d2, d3, d4, d5, d6, d7, x + ((long)idx[k + 2] * width) + c, n);
                    var s3 = Chunk<TL, TV>(d0, d1, d2, d3, d4, d5, d6, d7, x + ((long)idx[k + 3] * width) + c, n);
                    if (widx is null && c == 0)
                    {
                        // A compact gradient of one chunk: the four sums land side by side.
                        TL.Sum4(s0, s1, s2, s3, g + k);
                        continue;
                    }

                    TL.Sum4(s0, s1, s2, s3, sums);
                    for (var j = 0; j < 4; j++)
                    {
                        var at = widx is null ? k + j : widx[k + j];
                        g[at] = c == 0 ? sums[j] : g[at] + sums[j];
                    }
                }

                for (; k < k1; k++)
                {
                    var sum = TL.Sum(Chunk<TL, TV>(d0, d1, d2, d3, d4, d5, d6, d7, x + ((long)idx[k] * width) + c, n));
                    var at = widx is null ? k : widx[k];
                    g[at] = c == 0 ? sum : g[at] + sum;
                }
            }

            if (c == width)
            {
                return;
            }

            for (var k = k0; k < k1; k++)
            {
                var xr = x + ((long)idx[k] * width);
                TV s0 = TL.Zero, s1 = s0;
                var cc = c;
                for (; cc + (2 * n) <= width; cc += 2 * n)
                {
                    s0 = TL.MulAdd(TL.Load(ar + cc), TL.Load(xr + cc), s0);
                    s1 = TL.MulAdd(TL.Load(ar + cc + n), TL.Load(xr + cc + n), s1);
                }

                for (; cc + n <= width; cc += n)
                {
                    s0 = TL.MulAdd(TL.Load(ar + cc), TL.Load(xr + cc), s0);
                }

                var sum = TL.Sum(TL.Add(s0, s1));
                for (; cc < width; cc++)
                {
                    sum = MathF.FusedMultiplyAdd(ar[cc], xr[cc], sum);
                }

                var at = widx is null ? k : widx[k];
                g[at] = c == 0 ? sum : g[at] + sum;
            }
        }
    }

    /// <summary>The partial dot products of one 8-vector chunk of a row of A (in registers) with a row of X, lane by lane.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static TV Chunk<TL, TV>(TV d0, TV d1, TV d2, TV d3, TV d4, TV d5, TV d6, TV d7, float* xr, int n)
        where TL : struct, ILanes<TL, TV>
        where TV : struct
    {
        // Four short chains, added pairwise: a dependency path of three operations instead of five.
        var p = TL.MulAdd(d0, TL.Load(xr), TL.Zero);
        var q = TL.MulAdd(d1, TL.Load(xr + n), TL.Zero);
        var u = TL.MulAdd(d2, TL.Load(xr + (2 * n)), TL.Zero);
        var v = TL.MulAdd(d3, TL.Load(xr + (3 * n)), TL.Zero);
        p = TL.MulAdd(d4, TL.Load(xr + (4 * n)), p);
        q = TL.MulAdd(d5, TL.Load(xr + (5 * n)), q);
        u = TL.MulAdd(d6, TL.Load(xr + (6 * n)), u);
        v = TL.MulAdd(d7, TL.Load(xr + (7 * n)), v);
        return TL.Add(TL.Add(p, q), TL.Add(u, v));
    }

    /// <summary>dst [cols, rows] = src [rows, cols]^T (both contiguous): 8 x 8 blocks through AVX registers where available.</summary>
    public static void Transpose(float* src, int rows, int cols, float* dst)
    {
        if (Avx.IsSupported && Lanes != KernelLanes.Scalar && rows >= 8 && cols >= 8)
        {
            // Column strips of 16 (one 64-byte line of each source row), rows in blocks of 8: a strip reads one line of every
            // source row and writes 16 destination rows from start to end, all within the L1 cache.
            var rows8 = rows & ~7;
            var cols8 = cols & ~7;
            for (var c = 0; c < cols8; c += 16)
            {
                var pair = c + 16 <= cols8;
                for (var r = 0; r < rows8; r += 8)
                {
                    Block8(src + ((long)r * cols) + c, cols, dst + ((long)c * rows) + r, rows);
                    if (pair)
                    {
                        Block8(src + ((long)r * cols) + c + 8, cols, dst + ((long)(c + 8) * rows) + r, rows);
                    }
                }
            }

            // The edges: rows past the last block of 8, columns past the last block of 8.
            for (var r = 0; r < rows; r++)
            {
                for (var c = r < rows8 ? cols8 : 0; c < cols; c++)
                {
                    dst[((long)c * rows) + r] = src[((long)r * cols) + c];
                }
            }

            return;
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                dst[((long)c * rows) + r] = src[((long)r * cols) + c];
            }
        }
    }

    private static void Block8(float* src, int srcStride, float* dst, int dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + (2 * srcStride));
        var r3 = Avx.LoadVector256(src + (3 * srcStride));
        var r4 = Avx.LoadVector256(src + (4 * srcStride));
        var r5 = Avx.LoadVector256(src + (5 * srcStride));
        var r6 = Avx.LoadVector256(src + (6 * srcStride));
        var r7 = Avx.LoadVector256(src + (7 * srcStride));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + (2 * dstStride), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + (3 * dstStride), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + (4 * dstStride), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + (5 * dstStride), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + (6 * dstStride), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + (7 * dstStride), Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>
    /// SGD with momentum on the active entries of a weight only, PyTorch's arithmetic (d = g + wd p, buf = m buf + d,
    /// p -= lr buf; without momentum p -= lr d): entry i is the weight's flat position <c>flat[i]</c>. The gradient is read
    /// at that position of the dense <paramref name="grad"/>, or at i of <paramref name="compactGrad"/> when given; the
    /// momentum is compact (at i). Inactive weights and their momentum are zero and stay so.
    /// </summary>
    public static void SgdActive(float* p, float* grad, float* compactGrad, float* buffer, int* flat, int count, float lr, float momentum, float weightDecay)
    {
        for (var i = 0; i < count; i++)
        {
            var j = flat[i];
            var d = MathF.FusedMultiplyAdd(weightDecay, p[j], compactGrad is null ? grad[j] : compactGrad[i]);
            if (buffer is not null)
            {
                var b = (buffer[i] * momentum) + d;
                buffer[i] = b;
                d = b;
            }

            p[j] = MathF.FusedMultiplyAdd(-lr, d, p[j]);
        }
    }
}
