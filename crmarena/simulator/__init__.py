"""crmarena.simulator"""
