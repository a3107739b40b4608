using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

/// <summary>The time client behind <c>hvdsl connect HOST PORT</c>: connect, print what the server sends, done.</summary>
public static class TimeClient
{
    /// <summary>
    /// Connects, copies everything the server sends to <paramref name="stdout"/> as UTF-8 text until the
    /// server closes, and returns 0; on failure writes one line to <paramref name="stderr"/> and returns 1.
    /// </summary>
    /// <param name="host">A name or an address.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="stdout">Receives the server's text.</param>
    /// <param name="stderr">Receives the reason for a failure.</param>
    /// <param name="timeout">Bounds connecting, and each wait for the server's next bytes.</param>
    /// <param name="cancellationToken">Abandons the session (e.g. Ctrl+C); returns 1.</param>
    /// <returns>The process exit code: 0 when the server closed normally, 1 otherwise.</returns>
    public static async Task<int> RunAsync(string host, int port, TextWriter stdout, TextWriter stderr, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        NetworkStream stream;
        try
        {
            stream = await SocketClient.ConnectAsync(host, port, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            await stderr.WriteLineAsync(e is IOException ? e.Message : $"connecting to {host}:{port} cancelled").ConfigureAwait(false);
            return 1;
        }
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await CopyTextAsync(stream, stdout, timeout, cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (IOException e)
            {
                string reason = e.InnerException is SocketException s ? SocketErrors.Describe(s) : e.Message;
                await stderr.WriteLineAsync($"connection to {host}:{port} failed: {reason}").ConfigureAwait(false);
                return 1;
            }
            catch (OperationCanceledException)
            {
                await stderr.WriteLineAsync(cancellationToken.IsCancellationRequested
                    ? $"connection to {host}:{port} cancelled"
                    : $"no data from {host}:{port} for {timeout.TotalSeconds:0.###} s").ConfigureAwait(false);
                return 1;
            }
        }
    }

    private static async Task CopyTextAsync(NetworkStream stream, TextWriter stdout, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Decoder decoder = Encoding.UTF8.GetDecoder();
        byte[] bytes = new byte[4096];
        char[] chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            idle.CancelAfter(timeout);
            int read = await stream.ReadAsync(bytes, idle.Token).ConfigureAwait(false);
            int count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
            await stdout.WriteAsync(chars.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }
}
