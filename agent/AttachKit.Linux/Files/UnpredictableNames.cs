namespace AttachKit.Linux.Files;

/// <summary>
/// The random part of a name made in a directory others can write to, so that no other user can guess
/// it and take it first. From <see cref="Guid.NewGuid"/>, which draws from the kernel's secure random
/// source (getrandom(2)): RandomNumberGenerator would load OpenSSL into the process, one more library
/// in a target's process and a slower first injection.
/// </summary>
internal static class UnpredictableNames
{
    /// <summary><paramref name="length"/> lowercase hex digits (at most 32, 4 random bits each, less the GUID's 6 fixed bits).</summary>
    public static string Hex(int length) => Guid.NewGuid().ToString("N")[..length];
}
