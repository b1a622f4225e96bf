using System.Text.Encodings.Web;
using System.Text.Json;

namespace AttachKit.Cli.Rendering;

/// <summary>How attachkit writes the JSON it renders itself: indented, and quotes and '&lt;' as they are (not \u0027), as the agent does.</summary>
internal static class JsonOutput
{
    public static JsonWriterOptions Options { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
