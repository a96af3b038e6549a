// GongkaiHTML: see Package.swift
