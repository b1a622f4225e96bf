using AttachKit.Attacher;

namespace AttachKit.Cli.ClientCommands;

/// <summary>
/// Writes a reply's body to stdout. Text streams as it arrives. JSON is held until the agent's final
/// status, so that stdout carries one whole document: the body when the command succeeded, the error
/// document when it failed, never a cut-off body followed by an error. What is held is bounded
/// (<see cref="AttachReply.MaxHeldBytes"/>): a target that never ends its body cannot exhaust memory.
/// </summary>
internal static class BodyOutput
{
    public static async Task CopyAsync(AttachReply reply, Stream stdout, bool json, CancellationToken cancellationToken)
    {
        if (!json)
        {
            await reply.CopyToAsync(stdout, cancellationToken);
            return;
        }

        var body = await reply.ReadToEndBytesAsync(cancellationToken);
        await stdout.WriteAsync(body, cancellationToken);
        await stdout.FlushAsync(cancellationToken);
    }
}
