using System.IO;
using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>Device state saved through <see cref="IDeviceState"/> includes what the hand-written behaviour keeps.</summary>
public sealed class SnapshotStateTests
{
    private static void Copy(IDeviceState from, IDeviceState to)
    {
        using var stream = new MemoryStream();
        from.Save(new BinaryWriter(stream));
        stream.Position = 0;
        to.Restore(new BinaryReader(stream));
    }

    [Fact]
    public void Pic_restore_brings_back_vector_base_and_in_service_levels()
    {
        using var saved = Guest.Create();
        saved.InitializePics(masterBase: 0x40);
        saved.Vm.GetInterruptLine(3).Raise();
        saved.Vm.InterruptController!.Acknowledge();
        using var restored = Guest.Create();
        Copy(saved.PicMaster, restored.PicMaster);
        Assert.Equal(0x40, restored.PicMaster.VectorBase);
        Assert.Equal(0x08, restored.PicMaster.InServiceRegister);
    }

    [Fact]
    public void Rtc_restore_brings_back_time_and_ram()
    {
        using var saved = Guest.Create(rtcStart: new System.DateTime(2030, 6, 1, 12, 0, 0));
        saved.Out(0x70, 0x40);
        saved.Out(0x71, 0x77);
        using var restored = Guest.Create();
        Copy(saved.Rtc, restored.Rtc);
        restored.Out(0x70, 0x09);
        Assert.Equal(0x30, restored.In(0x71));
        restored.Out(0x70, 0x40);
        Assert.Equal(0x77, restored.In(0x71));
    }

    [Fact]
    public void Pit_restore_brings_back_the_running_count()
    {
        using var saved = Guest.Create();
        saved.Out(0x43, 0x34);
        saved.Out(0x40, 0x00);
        saved.Out(0x40, 0x10);
        using var restored = Guest.Create();
        Copy(saved.Pit, restored.Pit);
        Assert.Equal(0x00, restored.In(0x40));
        Assert.Equal(0x10, restored.In(0x40));
    }

    [Fact]
    public void Pit_restore_brings_back_counter_2_suspended_by_its_gate()
    {
        using var saved = Guest.Create();
        saved.Out(0x61, 0x01);
        saved.ProgramPit(0xB0, 10_000);
        saved.Advance(1_000_000);
        saved.Out(0x61, 0x00);
        var count = saved.ReadPitCounter(2);
        using var restored = Guest.Create();
        Copy(saved.Pit, restored.Pit);
        Copy(saved.PortB, restored.PortB);
        restored.Advance(5_000_000);
        Assert.Equal(count, restored.ReadPitCounter(2));
        Assert.Equal(0, restored.In(0x61) & 0x21);
    }

    [Fact]
    public void FwCfg_restore_brings_back_the_command_line_and_the_read_position()
    {
        using var saved = Guest.Create();
        saved.FwCfg.KernelCommandLine = "quiet";
        saved.OutWord(0x510, 0x15);
        saved.In(0x511);
        using var restored = Guest.Create();
        Copy(saved.FwCfg, restored.FwCfg);
        Assert.Equal("quiet", restored.FwCfg.KernelCommandLine);
        Assert.Equal((byte)'u', restored.In(0x511));
    }

    [Fact]
    public void I8042_restore_brings_back_the_command_byte_and_unread_output()
    {
        using var saved = Guest.Create();
        saved.Out(0x64, 0x60);
        saved.Out(0x60, 0x45);
        saved.Out(0x64, 0xAA);
        using var restored = Guest.Create();
        Copy(saved.Kbc, restored.Kbc);
        Assert.Equal(0x55, restored.In(0x60));
        restored.Out(0x64, 0x20);
        Assert.Equal(0x45, restored.In(0x60));
    }

    [Fact]
    public void Testdev_restore_brings_back_the_latch_and_the_mmio_window()
    {
        using var saved = Guest.Create();
        saved.Vm.PortIo.Write(0xE0, 4, 0xCAFEF00D);
        saved.Vm.Mmio.TryFind(0xFF00_0000, out var window, out _);
        window.Write(0x1234, 8, 0x0102030405060708);
        using var restored = Guest.Create();
        Copy(saved.TestdevPort, restored.TestdevPort);
        Copy(saved.TestdevMemory, restored.TestdevMemory);
        restored.Vm.Mmio.TryFind(0xFF00_0000, out var restoredWindow, out _);
        Assert.Equal(0xCAFEF00DUL, restored.Vm.PortIo.Read(0xE0, 4));
        Assert.Equal(0x0102030405060708UL, restoredWindow.Read(0x1234, 8));
    }

    [Fact]
    public void Uart_restore_brings_back_unread_received_bytes()
    {
        using var saved = Guest.Create();
        saved.Com1.Receive("q"u8);
        saved.In(0x3FD);
        using var restored = Guest.Create();
        Copy(saved.Com1, restored.Com1);
        Assert.Equal((byte)'q', restored.In(0x3F8));
    }
}
