namespace HvDsl.Runtime.Gdb;

/// <summary>What a run of bytes from the debugger amounts to once framed.</summary>
public enum PacketEventKind
{
    /// <summary>A whole packet whose checksum matched; <see cref="PacketEvent.Payload"/> holds it, run-length expanded.</summary>
    Packet,
    /// <summary>The debugger's interrupt byte (0x03, Ctrl+C) outside a packet.</summary>
    Interrupt,
    /// <summary>An acknowledgement ('+') of the stub's last packet.</summary>
    Ack,
    /// <summary>A request ('-') to send the stub's last packet again.</summary>
    Nak,
    /// <summary>A packet that was refused (bad checksum, bad run length, too long); <see cref="PacketEvent.Error"/> says why.</summary>
    Error,
}

/// <summary>One framed event from <see cref="PacketDecoder"/>.</summary>
public readonly record struct PacketEvent(PacketEventKind Kind, byte[]? Payload = null, string? Error = null);
