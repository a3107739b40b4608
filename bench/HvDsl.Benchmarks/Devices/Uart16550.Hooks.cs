namespace HvDsl.Benchmarks.Devices;

/// <summary>The benchmark's side of the generated UART: count transmitted bytes, as the dictionary model's delegate does.</summary>
public sealed partial class Uart16550
{
    /// <summary>Bytes the guest wrote to THR.</summary>
    public long Transmitted { get; private set; }

    partial void OnTransmit(byte value) => Transmitted++;

    // The benchmark's UART never has an interrupt pending: IIR reads "no interrupt" (bit 0 set).
    private partial byte ComputeIIR() => RegisterMap.IIR_NotPendingMask;
}
