namespace AttachKit.Protocol;

/// <summary>The body format a client asks for.</summary>
public enum ReplyFormat
{
    /// <summary>Plain text for people (the default).</summary>
    Text,

    /// <summary>One JSON document; asked for with the reserved argument <c>--json</c>.</summary>
    Json,
}
