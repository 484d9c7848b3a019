package dev.asyncref.demo;

public final class Demo {
    public static void main(String[] args) {}
}
