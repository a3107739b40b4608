using System.IO;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>Generated devices, compiled in memory and driven through <see cref="IIoDevice"/>.</summary>
public sealed class DeviceBehaviourTests
{
    private static readonly string UartSpec = File.ReadAllText(Path.Combine(SpecLibrary.Root, "specs", "devices", "uart16550.hvspec"));

    // Hooks that record what the device reports and feed the receiver.
    private const string UartHooks = """
        namespace Test;
        public sealed partial class Uart16550
        {
            public System.Collections.Generic.List<byte> Sent { get; } = new();
            public byte Incoming { get; set; }
            public void SetLineStatus(byte value) => LSR = value;
            partial void OnTransmit(byte value) => Sent.Add(value);
            partial void OnReceive() => RBR = Incoming;
            private partial byte ComputeIIR() => RegisterMap.IIR_NotPendingMask;
        }
        """;

    private const string StatusSpec = """
        device Status {
            size 16;
            access 1, 2;
            policy unmapped zero;
            policy width ones;

            register Flags @0 : u8 rw reset 0xA5 {
                Pending @0..3 w1c;
                Mode @4..6;
                Locked @7 ro;
            }
            register Events @1 : u8 rc reset 0x3C;
            register Word @2 : u16 rw reset 0x1234;
            register Counter[3] @8 stride 2 : u8 rw reset 0x07 on write -> OnCounter;
        }
        """;

    private const string StatusHooks = """
        namespace Test;
        public sealed partial class Status
        {
            public System.Collections.Generic.List<(int Index, byte Value)> Counted { get; } = new();
            partial void OnCounter(int index, byte value) => Counted.Add((index, value));
        }
        """;

    private static readonly System.Reflection.Assembly Uart = InMemoryCompiler.Load(UartSpec, UartHooks);
    private static readonly System.Reflection.Assembly Status = InMemoryCompiler.Load(StatusSpec, StatusHooks);

    private static IIoDevice NewUart() => InMemoryCompiler.Create<IIoDevice>(Uart, "Uart16550");

    private static IIoDevice NewStatus() => InMemoryCompiler.Create<IIoDevice>(Status, "Status");

    private const string PortSpec = """
        device Port {
            size 4;
            access 1, 4;
            register Byte @0 : u8 wo on write -> OnByte;
            register Dword @0 : u32 wo on write -> OnDword;
        }
        """;

    private const string PortHooks = """
        namespace Test;
        public sealed partial class Port
        {
            public System.Collections.Generic.List<string> Seen { get; } = new();
            partial void OnByte(byte value) => Seen.Add($"byte {value:X}");
            partial void OnDword(uint value) => Seen.Add($"dword {value:X}");
        }
        """;

    [Fact]
    public void Access_width_picks_among_registers_sharing_an_offset()
    {
        dynamic port = InMemoryCompiler.Create<IIoDevice>(InMemoryCompiler.Load(PortSpec, PortHooks), "Port");
        var device = (IIoDevice)port;

        device.Write(0, 1, 0x12);
        device.Write(0, 4, 0x12345678);
        device.Write(0, 2, 0x1234); // a width no register answers may not be listed (HV0042), so it is ignored

        Assert.Equal(new[] { "byte 12", "dword 12345678" }, (System.Collections.Generic.List<string>)port.Seen);
        Assert.Equal(0UL, device.Read(0, 4));
    }

    [Fact]
    public void Registers_start_at_their_reset_values()
    {
        var uart = NewUart();
        Assert.Equal(0x60UL, uart.Read(5, 1));
        Assert.Equal(0x01UL, uart.Read(2, 1));
        Assert.Equal(8UL, uart.Size);
    }

    [Fact]
    public void Reset_restores_reset_values_after_writes()
    {
        var uart = NewUart();
        uart.Write(7, 1, 0x42);
        uart.Reset();
        Assert.Equal(0UL, uart.Read(7, 1));
    }

    [Fact]
    public void Dlab_set_banks_divisor_latch_over_rbr()
    {
        var uart = NewUart();
        uart.Write(3, 1, 0x80);
        Assert.Equal(0x0CUL, uart.Read(0, 1));
        uart.Write(0, 1, 0x01);
        uart.Write(1, 1, 0x02);
        Assert.Equal(0x01UL, uart.Read(0, 1));
        Assert.Equal(0x02UL, uart.Read(1, 1));
    }

    [Fact]
    public void Dlab_clear_sends_thr_writes_to_the_transmit_hook_and_leaves_the_latch()
    {
        dynamic uart = NewUart();
        ((IIoDevice)uart).Write(0, 1, 0x41);
        ((IIoDevice)uart).Write(3, 1, 0x80);
        Assert.Equal(0x0CUL, ((IIoDevice)uart).Read(0, 1));
        Assert.Equal(new byte[] { 0x41 }, ((System.Collections.Generic.List<byte>)uart.Sent).ToArray());
    }

    [Fact]
    public void Read_hook_supplies_the_value_the_guest_reads()
    {
        dynamic uart = NewUart();
        uart.Incoming = (byte)0x5A;
        Assert.Equal(0x5AUL, ((IIoDevice)uart).Read(0, 1));
    }

    [Fact]
    public void Read_to_clear_fields_clear_after_the_read_and_other_bits_stay()
    {
        dynamic uart = NewUart();
        uart.SetLineStatus((byte)0x63);
        Assert.Equal(0x63UL, ((IIoDevice)uart).Read(5, 1));
        Assert.Equal(0x61UL, ((IIoDevice)uart).Read(5, 1));
    }

    [Fact]
    public void Read_only_register_ignores_writes()
    {
        var uart = NewUart();
        uart.Write(5, 1, 0x00);
        Assert.Equal(0x60UL, uart.Read(5, 1));
    }

    [Fact]
    public void Wrong_width_reads_all_ones_and_wrong_width_writes_are_ignored()
    {
        var uart = NewUart();
        Assert.Equal(0xFFFFUL, uart.Read(7, 2));
        Assert.Equal(ulong.MaxValue, uart.Read(7, 8));
        uart.Write(7, 2, 0x1234);
        Assert.Equal(0UL, uart.Read(7, 1));
    }

    [Fact]
    public void Unmapped_offsets_follow_the_unmapped_policy()
    {
        Assert.Equal(0xFFUL, NewUart().Read(8, 1));
        Assert.Equal(0UL, NewStatus().Read(6, 1));
        Assert.Equal(0UL, NewStatus().Read(6, 2));
    }

    [Fact]
    public void Write_one_to_clear_field_clears_only_written_ones()
    {
        var status = NewStatus();
        status.Write(0, 1, 0x24);
        Assert.Equal(0xA1UL, status.Read(0, 1));
    }

    [Fact]
    public void Read_only_field_survives_writes_while_read_write_field_changes()
    {
        var status = NewStatus();
        status.Write(0, 1, 0x30);
        Assert.Equal(0xB5UL, status.Read(0, 1));
    }

    [Fact]
    public void Read_to_clear_register_reads_once_then_zero()
    {
        var status = NewStatus();
        Assert.Equal(0x3CUL, status.Read(1, 1));
        Assert.Equal(0UL, status.Read(1, 1));
    }

    [Fact]
    public void Register_must_be_accessed_at_its_own_width()
    {
        var status = NewStatus();
        Assert.Equal(0x1234UL, status.Read(2, 2));
        Assert.Equal(0xFFUL, status.Read(2, 1));
        Assert.Equal(0xFFFFUL, status.Read(0, 2));
        Assert.Equal(ulong.MaxValue, status.Read(2, 8));
    }

    [Fact]
    public void Register_array_elements_sit_at_their_stride_and_hooks_get_the_index()
    {
        dynamic status = NewStatus();
        var device = (IIoDevice)status;
        device.Write(12, 1, 0x99);
        Assert.Equal(0x99UL, device.Read(12, 1));
        Assert.Equal(0x07UL, device.Read(10, 1));
        Assert.Equal(0UL, device.Read(11, 1));
        Assert.Equal(new[] { (2, (byte)0x99) }, ((System.Collections.Generic.List<(int, byte)>)status.Counted).ToArray());
    }

    [Fact]
    public void Save_and_restore_round_trip_every_register()
    {
        var source = NewUart();
        source.Write(3, 1, 0x80);
        source.Write(0, 1, 0x33);
        using var stream = new MemoryStream();
        ((IDeviceState)source).Save(new BinaryWriter(stream));
        stream.Position = 0;
        var copy = NewUart();
        ((IDeviceState)copy).Restore(new BinaryReader(stream));
        Assert.Equal(0x80UL, copy.Read(3, 1));
        Assert.Equal(0x33UL, copy.Read(0, 1));
    }

    [Fact]
    public void Field_properties_read_and_write_their_bits()
    {
        dynamic uart = NewUart();
        uart.LCR_DLAB = true;
        Assert.Equal(0x80UL, ((IIoDevice)uart).Read(3, 1));
        uart.LCR_WLS = Enum(uart, "WLS", 3);
        Assert.Equal(0x83UL, ((IIoDevice)uart).Read(3, 1));
    }

    private static object Enum(object device, string name, int value) =>
        System.Enum.ToObject(device.GetType().GetNestedType(name)!, value);
}
