using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Cli.Serving;

/// <summary>
/// Ctrl+C and SIGTERM as cancellation: the first asks to stop gracefully, the second to stop at once.
/// The process keeps running after either, so the command can finish its own shutdown and exit code.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _stopNow = new();
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;
    private int _count;

    public StopSignal()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Completes on the first signal.</summary>
    public Task Requested => _requested.Task;

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Stop => _stop.Token;

    /// <summary>Cancelled by the second signal.</summary>
    public CancellationToken StopNow => _stopNow.Token;

    private void OnSignal(PosixSignalContext context)
    {
        // Without this the runtime would end the process before the host has closed its connections.
        context.Cancel = true;
        if (Interlocked.Increment(ref _count) > 1)
        {
            _stopNow.Cancel();
            return;
        }
        _stop.Cancel();
        _requested.TrySetResult();
    }

    public void Dispose()
    {
        Array.ForEach(_registrations, r => r.Dispose());
        _stop.Dispose();
        _stopNow.Dispose();
    }
}
