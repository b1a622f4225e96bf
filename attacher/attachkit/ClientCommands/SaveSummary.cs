using System.Globalization;
using System.Text;
using System.Text.Json;
using AttachKit.Cli.Rendering;

namespace AttachKit.Cli.ClientCommands;

/// <summary>What attachkit says once a body is saved: a line of text, or a JSON object with --json (nothing when the body went to stdout).</summary>
internal static class SaveSummary
{
    public static async Task<int> WriteAsync(Stream stdout, bool json, SavedFile saved, string what, IReadOnlyList<(string Key, string Value)> extra)
    {
        if (saved.Path == OutputOption.StandardOutput)
        {
            return ExitCodes.Success;
        }

        byte[] bytes;
        if (json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
            {
                writer.WriteStartObject();
                writer.WriteString("file", saved.Path);
                writer.WriteNumber("bytes", saved.Bytes);
                writer.WriteNumber("seconds", Math.Round(saved.Took.TotalSeconds, 3));
                foreach (var (key, value) in extra)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            bytes = buffer.ToArray();
        }
        else
        {
            var text = new StringBuilder(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {what} to {saved.Path}: {saved.Bytes} bytes ({Sizes.Format(saved.Bytes)}) in {saved.Took.TotalSeconds:0.0} s\n"));
            foreach (var (_, value) in extra)
            {
                text.Append("wrote ").Append(value).Append('\n');
            }

            bytes = Encoding.UTF8.GetBytes(text.ToString());
        }

        await stdout.WriteAsync(bytes);
        await stdout.FlushAsync();
        return ExitCodes.Success;
    }

    /// <summary>The file could not be written: exit code 1 (the -o path is the problem).</summary>
    public static ClientFailureException Failed(string path, Exception e) => new(ExitCodes.Usage, $"cannot write {path}: {e.Message}", e);
}
