using System.Globalization;
using System.Text.Json;
using AttachKit.Attacher.Threads;

namespace AttachKit.Cli.Rendering;

/// <summary>A thread dump as JSON (shape in docs/COMMANDS.md), written without reflection (NativeAOT).</summary>
internal static class ThreadDumpJson
{

    public static byte[] Render(ThreadDump dump, ThreadDumpView view)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            json.WriteStartObject();
            json.WriteNumber("pid", dump.Pid);
            json.WriteString("time", dump.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("runtime", dump.Runtime);
            if (dump.App is not null)
            {
                json.WriteString("app", dump.App);
            }

            json.WriteNumber("threadCount", dump.Threads.Count);
            json.WriteNumber("leftOut", dump.LeftOut);
            json.WriteBoolean("methodNamesFromCache", dump.MethodNamesFromCache);
            if (dump.Interval is { } interval)
            {
                json.WriteNumber("intervalSeconds", Math.Round(interval.TotalSeconds, 3));
            }

            var threads = view.Threads(dump);
            if (view.Group)
            {
                WriteGroups(json, dump.GroupByStack(threads));
            }
            else
            {
                json.WriteStartArray("threads");
                foreach (var thread in threads)
                {
                    WriteThread(json, thread);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteThread(Utf8JsonWriter json, DumpedThread thread)
    {
        json.WriteStartObject();
        json.WriteNumber("tid", thread.Tid);
        json.WriteString("name", thread.Name);
        json.WriteString("state", thread.State.ToString());
        json.WriteString("stateName", ThreadStates.Describe(thread.State));
        json.WriteNumber("userCpuSeconds", Math.Round(thread.UserCpu.TotalSeconds, 3));
        json.WriteNumber("systemCpuSeconds", Math.Round(thread.SystemCpu.TotalSeconds, 3));
        if (thread.CpuPercent is { } percent)
        {
            json.WriteNumber("cpuPercent", percent);
        }

        json.WriteBoolean("managed", thread.IsManaged);
        WriteFrames(json, thread.Frames);
        json.WriteEndObject();
    }

    private static void WriteGroups(Utf8JsonWriter json, IReadOnlyList<ThreadGroup> groups)
    {
        json.WriteStartArray("groups");
        foreach (var group in groups)
        {
            json.WriteStartObject();
            json.WriteNumber("count", group.Threads.Count);
            json.WriteStartArray("names");
            foreach (var thread in group.Threads)
            {
                json.WriteStringValue(thread.Name);
            }

            json.WriteEndArray();
            json.WriteStartArray("tids");
            foreach (var thread in group.Threads)
            {
                json.WriteNumberValue(thread.Tid);
            }

            json.WriteEndArray();
            json.WriteBoolean("managed", group.IsManaged);
            WriteFrames(json, group.Frames);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteFrames(Utf8JsonWriter json, IReadOnlyList<StackFrame> frames)
    {
        json.WriteStartArray("frames");
        foreach (var frame in frames)
        {
            json.WriteStringValue(frame.ToString());
        }

        json.WriteEndArray();
    }
}
