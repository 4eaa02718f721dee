package aedmae.cli;

import aedmae.model.Preset;

import java.util.Iterator;

/** The preset names, for picocli's help text. */
final class PresetNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Preset.all().keySet().iterator();
    }
}
