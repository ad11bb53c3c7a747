using FreeTickets.Core.Results;

namespace FreeTickets.Tests.Shared;

/// <summary>
/// Makes <see cref="AtomicFile"/> write the chosen files onto a disk that fills up: the temporary file is real, and
/// once <c>capacity</c> bytes are in it every further write throws the <see cref="IOException"/> a full disk gives
/// ("No space left on device"). Disposing restores ordinary files. Tests run one at a time (AssemblyInfo.cs).
/// </summary>
internal sealed class SimulatedDiskFull : IDisposable
{
    public const string Message = "No space left on device";

    private readonly Func<string, FileStream> _original = AtomicFile.CreateTemp;

    /// <param name="fileName">Target file whose writes fail (for example runs.csv), or null for every file.</param>
    /// <param name="capacity">Bytes that still fit before the disk is full.</param>
    public SimulatedDiskFull(string? fileName, long capacity = 0)
    {
        AtomicFile.CreateTemp = temp =>
        {
            if (fileName is not null && !Path.GetFileName(temp).StartsWith($".{fileName}.", StringComparison.Ordinal))
            {
                return _original(temp);
            }

            Hits++;
            return new FillingFileStream(temp, capacity);
        };
    }

    /// <summary>How many files were opened on the full disk (a test asserts the failure was really injected).</summary>
    public int Hits { get; private set; }

    public void Dispose() => AtomicFile.CreateTemp = _original;

    private sealed class FillingFileStream(string path, long capacity)
        : FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None)
    {
        private long _written;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Reserve(buffer.Length);
            base.Write(buffer);
        }

        public override void WriteByte(byte value)
        {
            Reserve(1);
            base.WriteByte(value);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reserve(buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }

        private void Reserve(int count)
        {
            if (_written + count > capacity)
            {
                throw new IOException(Message);
            }

            _written += count;
        }
    }
}
