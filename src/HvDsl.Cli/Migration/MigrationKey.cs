using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace HvDsl.Cli.Migration;

/// <summary>
/// The secret both ends of a migration prove they hold, from <c>--key-file FILE</c> or the <c>HVDSL_MIGRATION_KEY</c>
/// variable: at least 16 bytes, at most 4 KiB; a file's trailing line break is not part of it.
/// </summary>
internal sealed class MigrationKey
{
    /// <summary>The environment variable that holds the key when no file is given.</summary>
    public const string Variable = "HVDSL_MIGRATION_KEY";

    private const int MinimumBytes = 16;
    private const int MaximumBytes = 4096;

    private readonly byte[] _secret;

    private MigrationKey(byte[] secret) => _secret = secret;

    /// <summary>The key from <paramref name="keyFile"/>, else from <see cref="Variable"/>; null and one line in <paramref name="error"/> if neither gives a usable one.</summary>
    public static MigrationKey? Find(string? keyFile, out string error)
    {
        error = "";
        byte[] secret;
        string source;
        if (keyFile is not null)
        {
            if (!TryRead(keyFile, out secret, out error)) return null;
            source = $"key file {keyFile}";
        }
        else if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text)
        {
            secret = Encoding.UTF8.GetBytes(text);
            source = Variable;
        }
        else
        {
            error = $"migration needs a shared key: give --key-file FILE or set {Variable}, the same on both sides (at least {MinimumBytes} bytes)";
            return null;
        }
        if (secret.Length is >= MinimumBytes and <= MaximumBytes) return new MigrationKey(secret);
        error = $"{source} holds {secret.Length} bytes; a migration key has {MinimumBytes} to {MaximumBytes}";
        return null;
    }

    /// <summary>HMAC-SHA256 under this key of <paramref name="label"/> then <paramref name="data"/>, so no two uses of the key share a message.</summary>
    public byte[] Mac(string label, ReadOnlySpan<byte> data)
    {
        using var mac = new HMACSHA256(_secret);
        mac.TransformBlock(Encoding.ASCII.GetBytes(label + "\0"), 0, label.Length + 1, null, 0);
        mac.TransformFinalBlock(data.ToArray(), 0, data.Length);
        return mac.Hash!;
    }

    // At most one byte past the limit is read, so a huge file or a device is refused without being read through.
    private static bool TryRead(string path, out byte[] secret, out string error)
    {
        error = "";
        secret = [];
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read);
            var buffer = new byte[MaximumBytes + 2];
            var length = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            while (length > 0 && buffer[length - 1] is (byte)'\n' or (byte)'\r') length--;
            secret = buffer[..length];
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot read key file {path}: {exception.Message}";
            return false;
        }
    }
}
