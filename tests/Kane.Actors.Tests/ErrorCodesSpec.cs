namespace Kane.Actors.Tests;

public sealed class ErrorCodesSpec
{
    [Theory]
    [InlineData(ErrorCodes.EAGAIN, true)]
    [InlineData(ErrorCodes.ETIMEDOUT, true)]
    [InlineData(ErrorCodes.ECONNRESET, true)]
    [InlineData(ErrorCodes.EBUSY, true)]
    [InlineData(ErrorCodes.EACCES, false)]
    [InlineData(ErrorCodes.EPERM, false)]
    [InlineData(ErrorCodes.ENOENT, false)]
    [InlineData(ErrorCodes.EINVAL, false)]
    public void Errno_names_are_retryable_only_when_a_retry_may_cure_them(string code, bool retryable) =>
        Assert.Equal(retryable, ErrorCodes.For(code, "x").Recoverable);

    [Fact]
    public void Missing_files_and_denied_access_are_fatal()
    {
        Assert.Equal(ErrorCodes.ENOENT, ErrorCodes.Classify(new FileNotFoundException("gone")).Code);
        Assert.False(ErrorCodes.Classify(new DirectoryNotFoundException("gone")).Recoverable);
        Assert.Equal(ErrorCodes.EACCES, ErrorCodes.Classify(new UnauthorizedAccessException("no")).Code);
    }

    [Fact]
    public void Real_io_errors_are_classified_by_their_errno()
    {
        var dir = Directory.CreateTempSubdirectory("kane-errno-");
        try
        {
            var file = Path.Combine(dir.FullName, "f");
            File.WriteAllText(file, "x");
            // Opening a file as a directory fails with ENOTDIR (20): unknown errno → transient I/O, retried.
            var notDir = Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(file, "child"), "y"));
            var error = ErrorCodes.Classify(notDir);
            Assert.NotEqual(ErrorCodes.HandlerFault, error.Code);
            var missing = Assert.ThrowsAny<IOException>(() => File.ReadAllText(Path.Combine(dir.FullName, "missing")));
            Assert.Equal(ErrorCodes.ENOENT, ErrorCodes.Classify(missing).Code);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void A_handler_bug_is_not_retried() =>
        Assert.False(ErrorCodes.Classify(new NullReferenceException()).Recoverable);

    [Fact]
    public void An_explicit_task_error_is_kept() =>
        Assert.Equal("MINE", ErrorCodes.Classify(new TaskFailedException(TaskError.Retryable("MINE", "m"))).Code);
}
