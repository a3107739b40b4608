using System;

namespace HvDsl.Runtime.Serial;

/// <summary>
/// The far end of a UART's line as the host provides it: opened when the guest raises DTR, closed when it drops it, with
/// carrier while the far end is there. Every call returns at once, so a silent or absent peer never holds the vCPU.
/// </summary>
/// <remarks>Calls come from the vCPU's thread only: the UART's registers and the machine's timer slots.</remarks>
public interface ISerialLine : IDisposable
{
    /// <summary>Whether the far end is there (a UART shows it as DCD, DSR and CTS).</summary>
    bool Carrier { get; }

    /// <summary>Whether the line is open: connecting, connected, or holding bytes the far end sent before it went away.</summary>
    bool IsOpen { get; }

    /// <summary>Starts a fresh connection (the guest raised DTR); a line already open stays as it is.</summary>
    void Open();

    /// <summary>Ends the connection (the guest dropped DTR) and discards what was received and not yet taken.</summary>
    void Close();

    /// <summary>Moves what has arrived from the far end into the line's bounded buffer and sends what the guest wrote; never blocks.</summary>
    void Poll();

    /// <summary>Waits at most <paramref name="timeout"/> for the far end to send, connect or go away; for a guest that is halted waiting on it.</summary>
    void WaitForActivity(TimeSpan timeout);

    /// <summary>Takes the oldest received byte, if there is one.</summary>
    bool TryRead(out byte value);

    /// <summary>Queues a byte the guest transmitted; false when the line is closed or its send buffer is full, and the byte is lost.</summary>
    bool Write(byte value);
}
