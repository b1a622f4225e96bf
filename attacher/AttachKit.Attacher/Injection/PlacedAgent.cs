using System.Globalization;
using System.Text;
using AttachKit.Linux;
using AttachKit.Linux.Files;
using AttachKit.Protocol;

namespace AttachKit.Attacher.Injection;

/// <summary>
/// The agent's files, placed where the target's runtime can load them: a new directory
/// <c>.attachkit-agent-&lt;nspid&gt;-&lt;random&gt;</c> (mode 0700) in the target's TMPDIR, inside its root, made
/// as the target's user (so that it may read them, and so that the kernel checks what is made as it would for
/// that user); new files only, nothing found there followed or opened. Removed by <see cref="Dispose"/>.
/// </summary>
internal sealed class PlacedAgent : IDisposable
{
    private const int Attempts = 8;
    private readonly DirectoryHandle _parent;
    private readonly DirectoryHandle _directory;
    private readonly string _name;
    private readonly (uint Uid, uint Gid) _owner;
    private readonly List<string> _files = [];
    private bool _kept;

    private PlacedAgent(DirectoryHandle parent, DirectoryHandle directory, string name, string pathInTarget, (uint Uid, uint Gid) owner)
    {
        _parent = parent;
        _directory = directory;
        _name = name;
        PathInTarget = pathInTarget;
        _owner = owner;
    }

    /// <summary>The directory's path as the target sees it.</summary>
    public string PathInTarget { get; }

    /// <summary>The hook's path as the target sees it, for ApplyStartupHook.</summary>
    public string HookPath => PathInTarget + "/" + AgentInjection.HookFileName;

    /// <summary>The directory's path as this process reaches it, for messages.</summary>
    public string Path => _parent.Describe(_name);

    /// <summary>Places <paramref name="payload"/> and the injector's note in a new directory in the target's TMPDIR.</summary>
    /// <exception cref="IOException">The directory or a file could not be made.</exception>
    public static PlacedAgent Place(TargetProcess target, AgentPayload payload)
    {
        var owner = target.EffectiveIds();
        var temporary = target.TemporaryDirectory();
        var parent = target.OpenDirectory(temporary);
        try
        {
            var prefix = AgentInjection.DirectoryPrefix(target.NamespacePid());
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var name = prefix + UnpredictableNames.Hex(16);
                using (Credentials.ActAs(owner.Uid, owner.Gid))
                {
                    if (!parent.TryCreateDirectory(name))
                    {
                        continue;
                    }
                }

                var placed = new PlacedAgent(parent, Open(parent, name, owner.Uid), name, temporary.TrimEnd('/') + "/" + name, owner);
                try
                {
                    placed.Write(payload);
                    return placed;
                }
                catch
                {
                    placed.Dispose();
                    throw;
                }
            }

            throw new IOException($"could not make a new directory in {parent.Path}: every name tried was taken");
        }
        catch
        {
            parent.Dispose();
            throw;
        }
    }

    /// <summary>The hook's one-line answer (<see cref="AgentInjection.ResultFileName"/>); null when it wrote none.</summary>
    public string? ReadResult()
    {
        using (Credentials.ActAs(_owner.Uid, _owner.Gid))
        {
            try
            {
                using var file = _directory.OpenRegularForReading(AgentInjection.ResultFileName);
                if (file is null)
                {
                    return null;
                }

                var bytes = new byte[AgentInjection.LongestResult];
                var length = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                return Encoding.UTF8.GetString(bytes, 0, length).Trim();
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Leaves the files in place: the runtime may still be loading them, and an agent half loaded (its assembly
    /// mapped, the agent never started) would look installed to a later attach, whose signal would end the process.
    /// </summary>
    public void Keep() => _kept = true;

    /// <summary>Removes the files placed, the hook's answer and the directory, unless kept; what cannot be removed stays (best effort).</summary>
    public void Dispose()
    {
        using (_kept ? default : Credentials.ActAs(_owner.Uid, _owner.Gid))
        {
            try
            {
                foreach (var file in _kept ? [] : _files.Append(AgentInjection.ResultFileName))
                {
                    _directory.Unlink(file);
                }

                if (!_kept)
                {
                    _parent.RemoveDirectory(_name);
                }
            }
            catch (IOException)
            {
                // Left for the operator: the failure that follows names the directory.
            }
        }

        _directory.Dispose();
        _parent.Dispose();
    }

    // The directory just made, held open (never through a symlink), and only if it is what was made: owned by
    // the target's user, with no permission for anyone else.
    private static DirectoryHandle Open(DirectoryHandle parent, string name, uint uid)
    {
        var directory = parent.OpenSubdirectory(name) ?? throw new IOException($"{parent.Describe(name)} was made and is gone");
        var status = FileStatus.OfHandle(directory.Handle);
        if (status.OwnerUid != uid || !status.IsOwnerOnly)
        {
            directory.Dispose();
            throw new IOException($"{parent.Describe(name)} is not the private directory of uid {uid} that was made");
        }

        return directory;
    }

    private void Write(AgentPayload payload)
    {
        using (Credentials.ActAs(_owner.Uid, _owner.Gid))
        {
            foreach (var (name, open) in payload.Files)
            {
                using var source = open();
                WriteNew(name, source);
            }

            var injector = string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} uid {Credentials.EffectiveUid}\n");
            WriteNew(AgentInjection.InjectorFileName, new MemoryStream(Encoding.ASCII.GetBytes(injector)));
        }
    }

    private void WriteNew(string name, Stream source)
    {
        using var handle = _directory.CreateNew(name) ?? throw new IOException($"{_directory.Describe(name)} exists in a directory just made");
        _files.Add(name);
        using var file = new FileStream(handle, FileAccess.Write, bufferSize: 0);
        source.CopyTo(file);
    }
}
