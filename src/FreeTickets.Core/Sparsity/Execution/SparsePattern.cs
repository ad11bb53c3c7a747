using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity.Execution;

/// <summary>
/// Where a [rows, cols] weight is active, indexed both ways: by rows (CSR, for the forward pass and the weight
/// gradient) and by columns (CSC, for the input gradient), each entry with its flat position in the dense weight, so the
/// kernels read the current values straight from the weight's own memory and no copy of them goes stale. Built from a mask
/// when its topology changes (every Delta T steps), never per step.
/// </summary>
public sealed class SparsePattern
{
    private int[]? _identity;

    private SparsePattern(int rows, int cols, int[] rowPtr, int[] rowCols, int[] rowFlat, int[] colPtr, int[] colRows, int[] colFlat)
    {
        Rows = rows;
        Cols = cols;
        RowPtr = rowPtr;
        RowCols = rowCols;
        RowFlat = rowFlat;
        ColPtr = colPtr;
        ColRows = colRows;
        ColFlat = colFlat;
    }

    /// <summary>Rows of the weight (output features).</summary>
    public int Rows { get; }

    /// <summary>Columns of the weight (input features).</summary>
    public int Cols { get; }

    /// <summary>Active entries.</summary>
    public int Count => RowCols.Length;

    /// <summary>Active fraction.</summary>
    public double Density => (double)Count / ((long)Rows * Cols);

    /// <summary>CSR row pointers (Rows + 1).</summary>
    public int[] RowPtr { get; }

    /// <summary>Column of each entry, row by row, ascending.</summary>
    public int[] RowCols { get; }

    /// <summary>Flat index r * Cols + c of each entry in CSR order.</summary>
    public int[] RowFlat { get; }

    /// <summary>0, 1, ..., Count - 1: the positions of a compact copy of the values, in CSR order.</summary>
    public int[] Identity => _identity ??= [.. Enumerable.Range(0, Count)];

    /// <summary>CSC column pointers (Cols + 1).</summary>
    public int[] ColPtr { get; }

    /// <summary>Row of each entry, column by column, ascending.</summary>
    public int[] ColRows { get; }

    /// <summary>Flat index of each entry in CSC order.</summary>
    public int[] ColFlat { get; }

    /// <summary>
    /// The values of a dense float32 tensor of the weight's shape at the active positions, in entry order (CSR), in a pinned
    /// array: a compact copy of a weight or of its momentum.
    /// </summary>
    public unsafe float[] Gather(Tensor dense)
    {
        ArgumentNullException.ThrowIfNull(dense);
        var values = GC.AllocateUninitializedArray<float>(Count, pinned: true);
        fixed (byte* d = dense.bytes)
        {
            var source = (float*)d;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = source[RowFlat[i]];
            }
        }

        return values;
    }

    /// <summary>The pattern of a 2-D mask (nonzero = active).</summary>
    public static SparsePattern FromMask(Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.dim() != 2)
        {
            throw new ArgumentException($"a sparse pattern needs a 2-D mask (got shape [{string.Join(", ", mask.shape)}])", nameof(mask));
        }

        var rows = checked((int)mask.shape[0]);
        var cols = checked((int)mask.shape[1]);
        if ((long)rows * cols > int.MaxValue)
        {
            throw new ArgumentException($"a sparse pattern indexes at most {int.MaxValue} weights (got [{rows}, {cols}])", nameof(mask));
        }

        using var bytes = mask.ne(0).to(ScalarType.Byte).contiguous().cpu();
        var flags = bytes.bytes;
        var count = 0;
        foreach (var f in flags)
        {
            count += f;
        }

        var rowPtr = Pinned(rows + 1);
        var rowCols = Pinned(count);
        var rowFlat = Pinned(count);
        var colPtr = Pinned(cols + 1);
        var k = 0;
        for (var r = 0; r < rows; r++)
        {
            rowPtr[r] = k;
            var row = flags.Slice(r * cols, cols);
            for (var c = 0; c < cols; c++)
            {
                if (row[c] != 0)
                {
                    rowCols[k] = c;
                    rowFlat[k] = (r * cols) + c;
                    colPtr[c + 1]++;
                    k++;
                }
            }
        }

        rowPtr[rows] = k;
        for (var c = 0; c < cols; c++)
        {
            colPtr[c + 1] += colPtr[c];
        }

        // Rows ascend within each column because the CSR walk visits rows in order.
        var colRows = Pinned(count);
        var colFlat = Pinned(count);
        var next = colPtr.AsSpan(0, cols).ToArray();
        for (var r = 0; r < rows; r++)
        {
            for (var e = rowPtr[r]; e < rowPtr[r + 1]; e++)
            {
                var slot = next[rowCols[e]]++;
                colRows[slot] = r;
                colFlat[slot] = rowFlat[e];
            }
        }

        return new SparsePattern(rows, cols, rowPtr, rowCols, rowFlat, colPtr, colRows, colFlat);
    }

    // Pinned, so that the kernels can hold pointers into them across a parallel call.
    private static int[] Pinned(int length) => GC.AllocateArray<int>(length, pinned: true);
}
