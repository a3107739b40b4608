namespace HvDsl.Machines.Pc;

/// <summary>Port 0x60's behaviour: every access goes to the controller behind port 0x64, which holds the state.</summary>
public sealed partial class I8042Data
{
    /// <summary>The controller this port belongs to; without one reads return 0xFF and writes do nothing.</summary>
    public I8042? Controller { get; set; }

    partial void OnDataRead(ref byte value) => value = Controller?.ReadData() ?? 0xFF;

    partial void OnDataWrite(byte value) => Controller?.WriteData(value);
}
