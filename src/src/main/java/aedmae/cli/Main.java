package aedmae.cli;

/** Placeholder entry point until the model and the command-line tool exist. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("aedmae: the AED-MAE tool is under construction; only the tensor library exists so far.");
    }
}
