using System.Text;

namespace AttachKit.Protocol;

/// <summary>
/// Parses a request as its bytes arrive, enforcing every limit of <see cref="ProtocolLimits"/>
/// on each byte before it is kept, so that no input can make it allocate more than one request's worth.
/// </summary>
internal sealed class RequestParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<string> _fields = [];
    private readonly MemoryStream _field = new();
    private int _totalBytes;
    private AttachRequest? _request;

    /// <summary>The parsed request, once <see cref="Feed"/> returned true.</summary>
    public AttachRequest Request => _request ?? throw new InvalidOperationException("the request is not complete");

    /// <summary>Takes the next bytes of the request.</summary>
    /// <returns>True once the request is complete; bytes after its end are ignored.</returns>
    /// <exception cref="RequestRejectedException">The bytes break the protocol or a limit.</exception>
    public bool Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (_request is not null)
            {
                return true;
            }

            if (++_totalBytes > ProtocolLimits.MaxRequestBytes)
            {
                throw Reject(StatusCode.BadRequest, $"request exceeds {ProtocolLimits.MaxRequestBytes} bytes");
            }

            if (b == 0)
            {
                EndField();
            }
            else
            {
                if (_field.Length >= CurrentFieldLimit())
                {
                    throw Reject(StatusCode.BadRequest, $"{CurrentFieldName()} exceeds {CurrentFieldLimit()} bytes");
                }

                _field.WriteByte(b);
            }
        }

        return _request is not null;
    }

    /// <summary>Describes what is missing when the connection ends before the request does.</summary>
    public RequestRejectedException Incomplete() => _fields.Count == 0 && _field.Length == 0 && _totalBytes == 0
        ? Reject(StatusCode.BadRequest, "empty request")
        : Reject(StatusCode.BadRequest, "request ended before its terminating empty string (a request ends with two NULs)");

    private void EndField()
    {
        var text = Decode();
        _field.SetLength(0);
        switch (_fields.Count)
        {
            case 0 when text != AttachRequest.Version:
                throw Reject(StatusCode.UnsupportedVersion, $"unsupported protocol version '{text}'; this agent speaks version {AttachRequest.Version}");
            case 1 when text.Length == 0:
                throw Reject(StatusCode.BadRequest, "empty command name");
        }

        if (text.Length == 0)
        {
            Complete();
            return;
        }

        if (_fields.Count - 2 >= ProtocolLimits.MaxArguments)
        {
            throw Reject(StatusCode.BadRequest, $"more than {ProtocolLimits.MaxArguments} arguments");
        }

        _fields.Add(text);
    }

    private void Complete()
    {
        var arguments = _fields.Skip(2).ToList();
        var format = arguments.Remove(AttachRequest.JsonArgument) ? ReplyFormat.Json : ReplyFormat.Text;
        _request = new AttachRequest(_fields[1], arguments, format);
    }

    private string Decode()
    {
        try
        {
            return StrictUtf8.GetString(_field.GetBuffer(), 0, (int)_field.Length);
        }
        catch (DecoderFallbackException)
        {
            throw Reject(StatusCode.BadRequest, $"{CurrentFieldName()} is not valid UTF-8");
        }
    }

    private int CurrentFieldLimit() => _fields.Count switch
    {
        0 => ProtocolLimits.MaxVersionBytes,
        1 => ProtocolLimits.MaxCommandBytes,
        _ => ProtocolLimits.MaxArgumentBytes,
    };

    private string CurrentFieldName() => _fields.Count switch
    {
        0 => "version tag",
        1 => "command name",
        _ => $"argument {_fields.Count - 1}",
    };

    private static RequestRejectedException Reject(StatusCode code, string message) => new(new ReplyStatus(code, message));
}
