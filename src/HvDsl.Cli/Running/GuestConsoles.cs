using System;
using System.IO;
using System.Linq;

namespace HvDsl.Cli.Running;

/// <summary>The streams COM1 and the debug console (port 0xE9 and the console hypercall) write to, opened from their <see cref="ConsoleRoute"/>s.</summary>
internal sealed class GuestConsoles : IDisposable
{
    private readonly FileStream[] _files;

    private GuestConsoles(Stream? serial, Stream? debug, FileStream[] files)
    {
        Serial = serial;
        Debug = debug;
        _files = files;
    }

    /// <summary>COM1's transmitter output, or null to drop it.</summary>
    public Stream? Serial { get; }

    /// <summary>Port 0xE9's and the console hypercall's output, or null to drop it.</summary>
    public Stream? Debug { get; }

    /// <summary>Both consoles on <paramref name="stdout"/>.</summary>
    public static GuestConsoles Stdio(TextWriter stdout) => Open(ConsoleRoute.Stdio, ConsoleRoute.Stdio, stdout, out _)!;

    /// <summary>Opens both routes (one file named twice is opened once), or returns null and one line saying which file cannot be written.</summary>
    public static GuestConsoles? Open(ConsoleRoute serial, ConsoleRoute debug, TextWriter stdout, out string error)
    {
        error = "";
        var console = new ConsoleStream(stdout);
        if (!TryCreate("--serial", serial.Path, out var serialFile, out error)) return null;
        FileStream? debugFile = serialFile;
        if (debug.Path != serial.Path && !TryCreate("--debugcon", debug.Path, out debugFile, out error))
        {
            serialFile?.Dispose();
            return null;
        }
        return new GuestConsoles(Pick(serial, serialFile, console), Pick(debug, debugFile, console), [.. new[] { serialFile, debugFile }.OfType<FileStream>().Distinct()]);
    }

    private static bool TryCreate(string option, string? path, out FileStream? file, out string error)
    {
        (file, error) = (null, "");
        if (path is null) return true;
        try
        {
            file = File.Create(path);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"{option} cannot write {path}: {exception.Message}";
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Array.ForEach(_files, f => f.Dispose());

    private static Stream? Pick(ConsoleRoute route, FileStream? file, ConsoleStream console) => route.Drop ? null : file ?? (Stream)console;
}
