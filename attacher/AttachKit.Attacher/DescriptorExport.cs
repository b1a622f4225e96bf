using System.Globalization;
using System.Text.Json;
using AttachKit.Protocol;

namespace AttachKit.Attacher;

/// <summary>
/// The descriptors one <c>fd-export</c> reply carried, paired with the rows of its JSON body by their
/// index. Owns them: dispose it, or take single descriptors and dispose those.
/// </summary>
public sealed class DescriptorExport : IDisposable
{
    private DescriptorExport(int pid, IReadOnlyList<ExportedDescriptor> descriptors)
    {
        Pid = pid;
        Descriptors = descriptors;
    }

    /// <summary>The target's pid.</summary>
    public int Pid { get; }

    /// <summary>The descriptors, in the order the agent sent them.</summary>
    public IReadOnlyList<ExportedDescriptor> Descriptors { get; }

    /// <summary>
    /// Reads a reply to <c>fd-export --json</c> sent with descriptors received
    /// (<see cref="AttachClient.SendAsync(int, AttachRequest, bool, CancellationToken)"/>), and checks that each
    /// descriptor is what the body says it is (an open file, not an O_PATH reference; of its kind; listening
    /// when said to be).
    /// </summary>
    /// <param name="reply">The reply.</param>
    /// <param name="listenersOnly">Every descriptor must be a listening socket (<c>fd-export --listeners</c>).</param>
    /// <param name="cancellationToken">Ends the read.</param>
    /// <exception cref="AttachException">The agent failed, or the body and the descriptors do not match.</exception>
    public static async Task<DescriptorExport> ReadAsync(AttachReply reply, bool listenersOnly = false, CancellationToken cancellationToken = default)
    {
        var body = await reply.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var handles = reply.TakeDescriptors();
        try
        {
            using var json = JsonDocument.Parse(body);
            var rows = json.RootElement.GetProperty("descriptors");
            if (rows.GetArrayLength() != handles.Count)
            {
                throw new BrokenReplyException($"process {reply.Pid} described {rows.GetArrayLength()} descriptors but {handles.Count} arrived");
            }

            var descriptors = new List<ExportedDescriptor>();
            foreach (var row in rows.EnumerateArray())
            {
                if (row.GetProperty("index").GetInt32() != descriptors.Count)
                {
                    throw new InvalidOperationException($"row {descriptors.Count} has index {row.GetProperty("index")}");
                }

                var descriptor = new ExportedDescriptor(handles[descriptors.Count], descriptors.Count, row.GetProperty("fd").GetInt32(), row.GetProperty("kind").GetString() ?? "other")
                {
                    Path = Text(row, "path"),
                    Deleted = row.GetProperty("deleted").GetBoolean(),
                    Local = Text(row, "local"),
                    Remote = Text(row, "remote"),
                    Listening = row.GetProperty("listening").GetBoolean(),
                };
                ReceivedDescriptors.Verify(descriptor, reply.Pid, listenersOnly);
                descriptors.Add(descriptor);
            }

            return new DescriptorExport(json.RootElement.GetProperty("pid").GetInt32(), descriptors);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            foreach (var handle in handles)
            {
                handle.Dispose();
            }

            throw new BrokenReplyException($"process {reply.Pid} sent an fd-export body that does not describe its descriptors: {e.Message}", e);
        }
        catch
        {
            foreach (var handle in handles)
            {
                handle.Dispose();
            }

            throw;
        }
    }

    /// <summary>Formats descriptor numbers as fd-export arguments: runs become ranges (3-1002), each argument within the protocol's limit.</summary>
    public static IReadOnlyList<string> Arguments(IEnumerable<int> descriptors)
    {
        var runs = new List<string>();
        int? first = null, last = null;
        foreach (var fd in descriptors)
        {
            if (last is { } previous && fd == previous + 1)
            {
                last = fd;
                continue;
            }

            Flush();
            first = last = fd;
        }

        Flush();
        var arguments = new List<string>();
        var current = "";
        foreach (var run in runs)
        {
            if (current.Length > 0 && current.Length + 1 + run.Length > ProtocolLimits.MaxArgumentBytes)
            {
                arguments.Add(current);
                current = "";
            }

            current = current.Length == 0 ? run : $"{current},{run}";
        }

        if (current.Length > 0)
        {
            arguments.Add(current);
        }

        return arguments;

        void Flush()
        {
            if (first is { } from && last is { } to)
            {
                runs.Add(from == to
                    ? from.ToString(CultureInfo.InvariantCulture)
                    : string.Create(CultureInfo.InvariantCulture, $"{from}-{to}"));
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var descriptor in Descriptors)
        {
            descriptor.Dispose();
        }
    }

    private static string? Text(JsonElement row, string key)
        => row.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
