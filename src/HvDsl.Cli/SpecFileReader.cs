using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using HvDsl.Language;
using HvDsl.Language.Parsing;
using Microsoft.Win32.SafeHandles;

namespace HvDsl.Cli;

/// <summary>
/// Reads one spec path into a parse result without ever waiting or reading without end: a pipe, socket or device is
/// refused (HV0035) before a byte is read, a file over the size limit is refused (HV0034) after at most that many bytes,
/// and any failure to open is one located line naming the reason.
/// </summary>
internal static class SpecFileReader
{
    // UTF-8 needs at most three bytes per UTF-16 unit, so more bytes than this are more characters than a spec may hold.
    private const long MaxBytes = 3L * SpecParser.MaxLength;

    /// <summary>The parsed file, or its HV0034/HV0035 refusal.</summary>
    public static ParseResult Read(string path)
    {
        try
        {
            using var handle = OpenWithoutWaiting(path);
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            // Regular files seek and report their length; pipes and sockets do not. Character devices that seek
            // (/dev/zero) are caught below: they deliver more bytes than the length they report.
            if (!stream.CanSeek) return SpecParser.Unreadable(path, "it is not a regular file (a pipe, socket or terminal)");
            var length = stream.Length;
            if (length > MaxBytes) return SpecParser.TooLarge(path, $"{length} bytes");
            var bytes = new byte[length + 1];
            var read = 0;
            while (read < bytes.Length && stream.Read(bytes, read, bytes.Length - read) is var n and > 0) read += n;
            if (read > length) return SpecParser.Unreadable(path, "it is not a regular file (it delivers more bytes than its size)");
            // As File.ReadAllText decodes: UTF-8 unless a byte order mark says otherwise, the mark itself dropped.
            using var reader = new StreamReader(new MemoryStream(bytes, 0, read), Utf8, detectEncodingFromByteOrderMarks: true);
            return SpecCompiler.Parse(path, reader.ReadToEnd());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return SpecParser.Unreadable(path, exception.Message.TrimEnd('.'));
        }
    }

    /// <summary>Opens for reading; on Unix with O_NONBLOCK, so opening a FIFO with no writer returns at once instead of waiting for one.</summary>
    private static SafeFileHandle OpenWithoutWaiting(string path)
    {
        if (OperatingSystem.IsWindows()) return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var flags = OperatingSystem.IsLinux() ? LinuxNonBlocking | LinuxCloseOnExec : MacNonBlocking | MacCloseOnExec;
        var fd = Open(path, flags);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (Directory.Exists(path))
        {
            handle.Dispose();
            throw new IOException("it is a folder");
        }
        return handle;
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private const int LinuxNonBlocking = 0x800, LinuxCloseOnExec = 0x80000, MacNonBlocking = 0x4, MacCloseOnExec = 0x1000000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
