namespace HvDsl.Runtime.Cpu.Float;

/// <summary>The class of an unpacked value.</summary>
internal enum FpKind : byte
{
    Zero,
    Finite,
    Infinity,
    QuietNaN,
    SignalingNaN,
    /// <summary>An x87 encoding the 387 and later reject: unnormal, pseudo-NaN, pseudo-infinity.</summary>
    Unsupported,
}
