namespace TinyBoard;

/// <summary>The thermometer's behaviour, in terms of the accessors and constants its spec generates.</summary>
public sealed partial class Thermometer
{
    // A written Measure bit is not stored (sc): it only reaches this hook.
    partial void OnCommand(byte value)
    {
        if ((value & RegisterMap.Command_MeasureMask) == 0) return;
        Reading = (byte)(Reading + 1);
        Status_Done = true;
        UpdateReady();
    }

    partial void OnStatus(byte value) => UpdateReady();

    // Ready follows Done while the guest has the interrupt enabled, so clearing either lowers it.
    private void UpdateReady()
    {
        if (Status_Done && Status_InterruptEnable) Ready?.Raise();
        else Ready?.Lower();
    }
}
