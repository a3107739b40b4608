using System.IO;

namespace HvDsl.Machines.Pc;

/// <summary>The Bochs port 0xE9 console: every byte the guest writes goes straight to <see cref="Console"/>.</summary>
public sealed partial class DebugCon
{
    /// <summary>Where written bytes go; null drops them.</summary>
    public Stream? Console { get; set; }

    // Flushed per byte so output appears as the guest writes it, even when the guest then hangs.
    partial void OnCharacter(byte value)
    {
        if (Console is not { } console) return;
        console.WriteByte(value);
        console.Flush();
    }
}
