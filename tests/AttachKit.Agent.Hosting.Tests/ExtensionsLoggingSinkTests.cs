using AttachKit.Agent.Hosting.Logging;
using Microsoft.Extensions.Logging;

namespace AttachKit.Agent.Hosting.Tests;

public class ExtensionsLoggingSinkTests
{
    [Fact]
    public void AnEventArrivesRenderedWithItsLevelPropertiesTemplateAndException()
    {
        var target = new RecordingLogger(LogLevel.Trace);
        var log = ExtensionsLoggingSink.CreateLogger(target);
        var failure = new IOException("disk gone");

        log.Warning(failure, "AttachKit agent could not remove its socket {Path} after {Elapsed}", "/tmp/.attach_pid1", TimeSpan.FromSeconds(2));

        var entry = Assert.Single(target.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("AttachKit agent could not remove its socket /tmp/.attach_pid1 after 00:00:02", entry.Message);
        Assert.Same(failure, entry.Exception);
        Assert.Equal("/tmp/.attach_pid1", entry.State["Path"]);
        Assert.Equal(TimeSpan.FromSeconds(2), entry.State["Elapsed"]);
        Assert.Equal("AttachKit agent could not remove its socket {Path} after {Elapsed}", entry.State["{OriginalFormat}"]);
    }

    [Fact]
    public void TheAppsLoggingDecidesWhichLevelsAreWritten()
    {
        var target = new RecordingLogger(LogLevel.Information);
        var log = ExtensionsLoggingSink.CreateLogger(target);

        log.Verbose("v");
        log.Debug("d");
        log.Information("i");
        log.Error("e");
        log.Fatal("f");

        Assert.Equal([LogLevel.Information, LogLevel.Error, LogLevel.Critical], target.Entries.Select(entry => entry.Level));
    }

    private sealed record Entry(LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> State);

    private sealed class RecordingLogger(LogLevel minimum) : ILogger
    {
        public List<Entry> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var pairs = (IEnumerable<KeyValuePair<string, object?>>)state!;
            Entries.Add(new Entry(logLevel, formatter(state, exception), exception, pairs.ToDictionary()));
        }
    }
}
