using FreeTickets.Abstractions;

namespace FreeTickets.Abstractions.Tests;

public sealed class DatasetExceptionTests
{
    [Fact]
    public void Should_keep_the_users_message_and_its_cause()
    {
        var cause = new EndOfStreamException("read 1000 of 7840016 bytes");

        var exception = new DatasetException("mnist/train-images-idx3-ubyte: truncated; delete it and run again", cause);

        Assert.Equal("mnist/train-images-idx3-ubyte: truncated; delete it and run again", exception.Message);
        Assert.Same(cause, exception.InnerException);
        Assert.Null(new DatasetException("missing").InnerException);
    }
}
