using System.Collections;
using System.Globalization;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace AttachKit.Agent.Hosting.Logging;

/// <summary>
/// A Serilog event as Microsoft.Extensions.Logging state: its properties as key/value pairs, the
/// template last as <c>{OriginalFormat}</c> (the convention of LoggerMessage), and the rendered
/// message as <see cref="ToString"/>.
/// </summary>
internal sealed class LogEventState : IReadOnlyList<KeyValuePair<string, object?>>
{
    // Strings as they are (":l"), with no quotes around them, as the app's other messages read.
    private static readonly MessageTemplateTextFormatter MessageFormatter = new("{Message:l}", CultureInfo.InvariantCulture);

    private readonly LogEvent _logEvent;
    private readonly List<KeyValuePair<string, object?>> _properties;

    public LogEventState(LogEvent logEvent)
    {
        _logEvent = logEvent;
        _properties = [.. logEvent.Properties.Select(property => new KeyValuePair<string, object?>(property.Key, Simplify(property.Value)))];
        _properties.Add(new KeyValuePair<string, object?>("{OriginalFormat}", logEvent.MessageTemplate.Text));
    }

    public int Count => _properties.Count;

    public KeyValuePair<string, object?> this[int index] => _properties[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        MessageFormatter.Format(_logEvent, text);
        return text.ToString();
    }

    private static object? Simplify(LogEventPropertyValue value) => value is ScalarValue scalar
        ? scalar.Value
        : value.ToString(null, CultureInfo.InvariantCulture);
}
